package desktop

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// Pages serves the assets tree (assets.Web()) to an app's window and sends
// "/" to start, e.g. "/kiosk/index.html". It is a handler rather than
// Wails's Assets option because that option serves only the first folder
// holding an index.html, which would cut the page off from ../shared.
func Pages(root fs.FS, start string) http.Handler {
	redirect := []byte(`<!doctype html><meta charset="utf-8"><script>location.replace("` + start + `")</script>`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" || name == "." {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(redirect)
			return
		}
		data, err := fs.ReadFile(root, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	})
}
