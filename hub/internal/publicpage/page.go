// Package publicpage is what the citizen's phone pages served by the hub
// share (/queue, /book): their files with strict headers, their small form
// bodies and their QR codes.
package publicpage

import (
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/assets"
)

// Serve answers /<dir>/{name}: the page's index.html for a branch id, or
// one of the page's own files (queue.js, …), whose names have a dot that
// branch ids never have.
func Serve(w http.ResponseWriter, r *http.Request, dir string) {
	name := r.PathValue("name")
	file := dir + "/index.html"
	if strings.Contains(name, ".") {
		file = dir + "/" + name
	}
	body, err := fs.ReadFile(assets.Web(), file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, file, time.Time{}, strings.NewReader(string(body)))
}
