package citizen

import (
	"context"
	"net/http"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// open returns the public view of a case for its number and access code.
// Every wrong code, unknown or malformed number gets the same not_found and
// counts towards the lock.
func (h *Handler) open(r *http.Request, code string) (protocol.Case, error) {
	number := strings.ToUpper(strings.TrimSpace(r.PathValue("case")))
	return guess.Guarded(r, h.store, number, func(ctx context.Context) (protocol.Case, error) {
		return h.actions.PublicCase(ctx, number, code)
	})
}
