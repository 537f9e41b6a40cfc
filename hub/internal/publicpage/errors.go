package publicpage

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// WriteError answers a phone page's request with its error, and Retry-After
// when a rate limit refused it. An error that is not a protocol error (the
// store out of reach) is logged as what failed.
func WriteError(w http.ResponseWriter, log *slog.Logger, what string, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		log.Error(what, "error", err)
	}
	ratelimit.SetRetryAfter(w, err)
	httpx.WriteError(w, err)
}
