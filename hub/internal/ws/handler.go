package ws

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Handler is what a session asks the rest of the hub (the actions layer).
// Its methods are called from many connections at once.
type Handler interface {
	// Authenticate turns the token of an auth request into its principal.
	// A bad token is a *protocol.Error with Code unauthenticated; any other
	// error means the hub could not check it (the client retries later).
	Authenticate(ctx context.Context, token string) (auth.Principal, error)
	// CanSubscribe reports whether p may watch branch's live events.
	CanSubscribe(p auth.Principal, branch string) bool
	// Execute carries out one request for p and returns the reply's data.
	// Errors meant for the client are *protocol.Error (unknown_type for a
	// request type it does not know); any other error is logged and
	// answered with a generic internal error.
	Execute(ctx context.Context, p auth.Principal, req protocol.Request) (any, error)
	// Snapshot is the live state of branch and the position it matches.
	Snapshot(ctx context.Context, branch string) (protocol.Snapshot, error)
}
