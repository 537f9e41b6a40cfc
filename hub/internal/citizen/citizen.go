// Package citizen is what a citizen reaches without an account: the
// tracking page (/track) and the endpoints it calls with a case number and
// the access code from the receipt: follow the case, answer the
// municipality's questions (with photos), reopen a finished case and rate
// the service; and the reporting page (/report), to report a problem
// without visiting.
package citizen

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// Handler serves the tracking page and the citizen's endpoints.
type Handler struct {
	actions *actions.Actions
	store   *store.Store
	cat     *catalogue.Catalogue
	media   media.Store
	limits  *ratelimit.Limiter
	log     *slog.Logger
	now     func() time.Time
}

// Mount adds the tracking and reporting pages and the citizen's endpoints
// to mux; photos keeps the photos citizens send.
func Mount(mux *http.ServeMux, acts *actions.Actions, st *store.Store, cat *catalogue.Catalogue, photos media.Store, log *slog.Logger) {
	h := &Handler{actions: acts, store: st, cat: cat, media: photos, limits: ratelimit.New(st.Redis()), log: log, now: time.Now}
	mux.HandleFunc("GET /track", page("track"))
	mux.Handle("GET /track/", pageHeaders(http.FileServerFS(assets.Web())))
	mux.HandleFunc("GET /api/v1/cases/{case}", h.publicCase)
	mux.HandleFunc("GET /api/v1/cases/{case}/track", h.track)
	mux.HandleFunc("POST /api/v1/cases/{case}/reply", h.reply)
	mux.HandleFunc("POST /api/v1/cases/{case}/reopen", h.reopen)
	mux.HandleFunc("POST /api/v1/cases/{case}/rating", h.rate)
	mux.HandleFunc("GET /api/v1/cases/{case}/photos/{key}", h.photo)
	mux.HandleFunc("POST /api/v1/cases/{case}/inspection", h.inspection)
	mux.HandleFunc("GET /report", page("report"))
	mux.Handle("GET /report/", pageHeaders(http.FileServerFS(assets.Web())))
	mux.HandleFunc("GET /api/v1/reports/form", h.reportForm)
	mux.HandleFunc("POST /api/v1/reports", h.report)
}

// page serves a page at its address: /track (the address on every
// receipt) or /report.
func page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		html, err := fs.ReadFile(assets.Web(), name+"/index.html")
		if err != nil {
			http.Error(w, "page missing", http.StatusInternalServerError)
			return
		}
		setPageHeaders(w)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(html)
	}
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
