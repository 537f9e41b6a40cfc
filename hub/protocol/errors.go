package protocol

import "fmt"

// Error is a typed error with a stable code. Message is English, MessageAr
// Arabic; both are meant to be shown to a person as they are.
type Error struct {
	Code string `json:"code"`
	// Reason names what was refused, more finely than Code (two refusals
	// with the same code have different reasons); stable, like Code.
	Reason    string `json:"reason,omitempty"`
	Message   string `json:"message"`
	MessageAr string `json:"message_ar,omitempty"`
	// Field names the request field at fault, when there is one.
	Field string `json:"field,omitempty"`
	// Holder is the display name of the officer holding the desk (desk_taken).
	Holder string `json:"holder,omitempty"`
	// RetryAfter is how many seconds to wait before sending again
	// (rate_limited on the WebSocket), to the millisecond.
	RetryAfter float64 `json:"retry_after,omitempty"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// Is makes errors.Is match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Stable error codes. Clients switch on these; never rename one.
const (
	CodeBadRequest       = "bad_request"       // malformed JSON, wrong field type, missing field
	CodeUnknownType      = "unknown_type"      // no such request type
	CodeTooLarge         = "too_large"         // frame or body over the limit
	CodeBadVersion       = "bad_version"       // client speaks another protocol version
	CodeUnauthenticated  = "unauthenticated"   // no, wrong or expired token
	CodeForbidden        = "forbidden"         // the role may not do this, or not in this branch
	CodeNotFound         = "not_found"         // unknown branch, service, desk, ticket or case
	CodeInvalidState     = "invalid_state"     // not allowed in the ticket's, desk's or case's state
	CodeQueueEmpty       = "queue_empty"       // call next with nobody waiting
	CodeDeskBusy         = "desk_busy"         // the desk still has a ticket called or in service
	CodeDeskTaken        = "desk_taken"        // the desk is held by another officer
	CodeResponseRequired = "response_required" // resolve/close without a response to the citizen
	CodeDeadlineNotDue   = "deadline_not_due"  // "no reply" closure before the deadline passed
	CodeConflict         = "conflict"          // idempotency key reused for a different request
	CodeRateLimited      = "rate_limited"      // too many attempts; retry later
	CodeUnavailable      = "unavailable"       // the store is unreachable; retry later
	CodeInternal         = "internal"          // a bug; logged on the hub
)

// NewError builds an Error with both languages.
func NewError(code, en, ar string) *Error {
	return &Error{Code: code, Message: en, MessageAr: ar}
}

// FieldError is a bad_request naming the field at fault.
func FieldError(field, en, ar string) *Error {
	return &Error{Code: CodeBadRequest, Message: en, MessageAr: ar, Field: field}
}

// WebSocket close codes the hub uses (4000-4999 is the application range).
// A client reconnects after any of them except CloseUnauthenticated,
// CloseBadVersion and CloseRevoked, which need a person to act.
const (
	CloseUnauthenticated = 4001 // auth failed or expired: do not retry with the same token
	CloseProtocolError   = 4002 // the client broke the protocol (e.g. no auth first)
	CloseBadVersion      = 4003 // protocol version not supported
	CloseRevoked         = 4004 // the session was signed out or the device revoked: do not retry with the same token
	CloseSlowConsumer    = 4008 // the client could not keep up; reconnect and resume
	CloseShutdown        = 4009 // the hub is shutting down; reconnect (to another replica)
)
