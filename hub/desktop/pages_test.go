package desktop

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPages(t *testing.T) {
	h := Pages(fstest.MapFS{"kiosk/index.html": {Data: []byte("<p>kiosk")}, "shared/base.css": {Data: []byte("body{}")}}, "/kiosk/index.html")
	for path, want := range map[string]string{"/": `location.replace("/kiosk/index.html")`, "/kiosk/index.html": "<p>kiosk", "/shared/base.css": "body{}"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %q, want %q", path, rec.Code, rec.Body.String(), want)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/../etc/passwd", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("a path outside the tree: %d", rec.Code)
	}
}
