package events

import "github.com/shamil-municipal/shamil/hub/protocol"

// Fanned returns, for each branch this process fans out now, the position
// of the last event handed to its subscribers. Package metrics compares it
// with the stream's own position: the difference is the fan-out's lag.
func (b *Broker) Fanned() map[string]protocol.Position {
	b.mu.Lock()
	feeds := make([]*feed, 0, len(b.feeds))
	for _, f := range b.feeds {
		feeds = append(feeds, f)
	}
	b.mu.Unlock()
	out := make(map[string]protocol.Position, len(feeds))
	for _, f := range feeds {
		f.mu.Lock()
		out[f.branch] = f.pos
		f.mu.Unlock()
	}
	return out
}
