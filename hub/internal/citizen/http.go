package citizen

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxBody is the largest request body: a 4000-character text, each
// character escaped in JSON, fits with room to spare.
const maxBody = 64 << 10

var (
	errTooLarge = words.BodyTooLarge.Error(protocol.CodeTooLarge)
	errBadJSON  = words.NotExpectedJSON.Error(protocol.CodeBadRequest)
)

// decodeBody reads one JSON object with only the fields of v.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	return decode(http.MaxBytesReader(w, r.Body, maxBody), v)
}

func decode(body io.Reader, v any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return errBadJSON
	}
	if _, err := dec.Token(); err != io.EOF {
		return errBadJSON
	}
	return nil
}

// writeError answers an error; one that is not a protocol error is the
// hub's fault and is logged.
func (h *Handler) writeError(w http.ResponseWriter, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		h.log.Error("citizen request", "error", err)
	}
	ratelimit.SetRetryAfter(w, err)
	if errors.Is(err, media.ErrBusy) { // (any unavailable: Is matches the code)
		w.Header().Set("Retry-After", strconv.Itoa(int(media.RetryAfter.Seconds())))
	}
	httpx.WriteError(w, err)
}
