package desk

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// retryIDs gives each action a request id chosen before its first attempt
// and keeps it until the hub has answered. An officer who presses "call
// next" again after a drop or a timeout sends the same id, so the hub
// answers with the first call instead of calling a second visitor.
type retryIDs struct {
	mu  sync.Mutex
	ids map[string]string // request type and data → id
}

// do sends one action through c with its retry id.
func (r *retryIDs) do(ctx context.Context, c *client.Client, typ string, data, out any) error {
	raw, _ := json.Marshal(data)
	key := typ + " " + string(raw)
	r.mu.Lock()
	if r.ids == nil {
		r.ids = map[string]string{}
	}
	id, ok := r.ids[key]
	if !ok {
		id = client.NewID()
		r.ids[key] = id
	}
	r.mu.Unlock()
	err := c.DoID(ctx, id, typ, data, out)
	if perr := HubError(err); err == nil || (perr != nil && perr.Code != protocol.CodeUnavailable) {
		// Answered: the next press is a new action.
		r.mu.Lock()
		delete(r.ids, key)
		r.mu.Unlock()
	}
	return err
}
