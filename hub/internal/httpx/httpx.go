// Package httpx writes the hub's JSON answers and errors, the same for the
// REST API and every page's routes (docs/api.md).
package httpx

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// statusOf maps error codes to HTTP statuses.
var statusOf = map[string]int{
	protocol.CodeBadRequest:       http.StatusBadRequest,
	protocol.CodeUnknownType:      http.StatusBadRequest,
	protocol.CodeBadVersion:       http.StatusBadRequest,
	protocol.CodeTooLarge:         http.StatusRequestEntityTooLarge,
	protocol.CodeUnauthenticated:  http.StatusUnauthorized,
	protocol.CodeForbidden:        http.StatusForbidden,
	protocol.CodeNotFound:         http.StatusNotFound,
	protocol.CodeInvalidState:     http.StatusConflict,
	protocol.CodeQueueEmpty:       http.StatusConflict,
	protocol.CodeDeskBusy:         http.StatusConflict,
	protocol.CodeDeskTaken:        http.StatusConflict,
	protocol.CodeResponseRequired: http.StatusConflict,
	protocol.CodeDeadlineNotDue:   http.StatusConflict,
	protocol.CodeConflict:         http.StatusConflict,
	protocol.CodeRateLimited:      http.StatusTooManyRequests,
	protocol.CodeUnavailable:      http.StatusServiceUnavailable,
	protocol.CodeInternal:         http.StatusInternalServerError,
}

// WriteError answers {"error": {...}} with the code's HTTP status. An error
// that is not a protocol error is the store out of reach (the caller logs
// it): the client reads only that and may retry.
func WriteError(w http.ResponseWriter, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		pe = words.Unavailable.Error(protocol.CodeUnavailable)
	}
	status, ok := statusOf[pe.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	WriteJSON(w, status, map[string]*protocol.Error{"error": pe})
}

// WriteJSON answers v as JSON. Answers are never cached, and never tell
// another site where they came from (tracking addresses hold access codes).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
