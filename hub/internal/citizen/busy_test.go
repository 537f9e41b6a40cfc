package citizen

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/media"
)

// A photo refused because the hub is decoding others is a 503 the client
// may retry: Retry-After, the field, both languages.
func TestBusyPhotosAnswerRetryAfter(t *testing.T) {
	h := &Handler{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	rec := httptest.NewRecorder()
	h.writeError(rec, media.ErrBusy)
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" ||
		!strings.Contains(body, `"field":"photos"`) || !strings.Contains(body, "الخادم مشغول") {
		t.Fatalf("answer %d, Retry-After %q, %s", rec.Code, rec.Header().Get("Retry-After"), body)
	}
}
