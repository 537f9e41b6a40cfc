package protocol

import "encoding/json"

// Message types sent by the hub.
const (
	TypeReply    = "reply"    // the answer to a request, same ID
	TypeEvent    = "event"    // one change in a branch, in offset order
	TypeSnapshot = "snapshot" // the whole live state of a branch
)

// Request is a client-to-hub message: one JSON object per WebSocket frame.
// ID is chosen by the client and echoed in the reply. For a request that
// changes state the ID is also the idempotency key: the hub remembers the
// result of (principal, ID) for IdempotencyWindow and answers a retry with it
// instead of acting twice.
type Request struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	Data json.RawMessage `json:"data,omitempty"`
}

// Message is a hub-to-client message. The hub may pack several messages into
// one WebSocket frame, separated by a newline ("\n"); JSON never contains a
// raw newline, so a client splits each frame on newlines.
type Message struct {
	Type     string          `json:"type"`
	ID       string          `json:"id,omitempty"`
	OK       bool            `json:"ok,omitempty"`
	Data     json.RawMessage `json:"data,omitempty"`
	Error    *Error          `json:"error,omitempty"`
	Event    *Event          `json:"event,omitempty"`
	Snapshot *Snapshot       `json:"snapshot,omitempty"`
}

// Position is where a subscriber stands in a branch's event stream. Offsets
// start at 1 and grow by exactly 1 per event; the epoch names the stream's
// history, and changes when that history cannot be trusted to continue.
type Position struct {
	Epoch  string `json:"epoch"`
	Offset int64  `json:"offset"`
}
