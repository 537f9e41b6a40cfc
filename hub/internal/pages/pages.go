// Package pages serves the hub's own web pages: the hall display at
// /display/{branch}, the managers' dashboard at /dashboard/{branch} and the
// back office at /office. The pages are files under assets/; this package only
// routes to them and answers an unknown branch with a page of its own.
package pages

import (
	"bytes"
	"io/fs"
	"net/http"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
)

// Mount adds the pages' routes to mux.
func Mount(mux *http.ServeMux, cat *catalogue.Catalogue) {
	mountPage(mux, cat, "display")
	mountPage(mux, cat, "dashboard")
	mountOffice(mux)
}

// mountOffice routes /office to assets/office/index.html and the folder's
// other files to themselves. The page is one for every branch: a
// department may serve several (docs/office.md).
func mountOffice(mux *http.ServeMux) {
	web := assets.Web()
	index, err := fs.ReadFile(web, "office/index.html")
	if err != nil {
		panic("pages: " + err.Error()) // embedded: a programming error
	}
	mux.Handle("GET /office/", http.FileServerFS(web))
	mux.HandleFunc("GET /office", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
	})
}

// mountPage routes /{dir}/{branch} to assets/{dir}/index.html and every
// other file of the folder to itself (an exact path wins over {branch}).
func mountPage(mux *http.ServeMux, cat *catalogue.Catalogue, dir string) {
	web := assets.Web()
	index, err := fs.ReadFile(web, dir+"/index.html")
	if err != nil {
		panic("pages: " + err.Error()) // embedded: a programming error
	}
	files, _ := fs.ReadDir(web, dir)
	static := http.FileServerFS(web)
	for _, f := range files {
		switch {
		case f.IsDir():
			mux.Handle("GET /"+dir+"/"+f.Name()+"/", static)
		case f.Name() != "index.html":
			mux.Handle("GET /"+dir+"/"+f.Name(), static)
		}
	}
	mux.HandleFunc("GET /"+dir+"/{branch}", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := cat.Branch(r.PathValue("branch")); !ok {
			notFound(w)
			return
		}
		// The link carries the device's token once: keep it out of Referer
		// headers and caches.
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
	})
}
