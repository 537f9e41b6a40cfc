// Package citizen is what a citizen reaches without an account: the
// tracking page (/track) and the endpoints it calls with a case number and
// the access code from the receipt: follow the case, answer the
// municipality's questions, reopen a finished case and rate the service.
package citizen

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// ReopenWindow is how long after a case is resolved or closed the citizen
// may reopen it online; later, they visit the branch. It belongs in the
// catalogue, per branch, once municipalities ask for different periods.
const ReopenWindow = 30 * 24 * time.Hour

// Handler serves the tracking page and the citizen's endpoints.
type Handler struct {
	actions *actions.Actions
	store   *store.Store
	cat     *catalogue.Catalogue
	log     *slog.Logger
	now     func() time.Time
}

// Mount adds the tracking page and the citizen's endpoints to mux.
func Mount(mux *http.ServeMux, acts *actions.Actions, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) {
	h := &Handler{actions: acts, store: st, cat: cat, log: log, now: time.Now}
	mux.HandleFunc("GET /track", page)
	mux.Handle("GET /track/", pageHeaders(http.FileServerFS(assets.Web())))
	mux.HandleFunc("GET /api/v1/cases/{case}", h.publicCase)
	mux.HandleFunc("GET /api/v1/cases/{case}/track", h.track)
	mux.HandleFunc("POST /api/v1/cases/{case}/reply", h.reply)
	mux.HandleFunc("POST /api/v1/cases/{case}/reopen", h.reopen)
	mux.HandleFunc("POST /api/v1/cases/{case}/rating", h.rate)
}

// page serves the tracking page at /track, the address on every receipt.
func page(w http.ResponseWriter, r *http.Request) {
	html, err := fs.ReadFile(assets.Web(), "track/index.html")
	if err != nil {
		http.Error(w, "page missing", http.StatusInternalServerError)
		return
	}
	setPageHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(html)
}

func pageHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setPageHeaders(w)
		next.ServeHTTP(w, r)
	})
}

// setPageHeaders keeps the page's own files the only thing it runs, and
// keeps the access code in its address from leaking in a Referer.
func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
}
