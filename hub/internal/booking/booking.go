// Package booking is the appointments page: a citizen books a visit to a
// branch from their phone (/book/{branch}), gets a number, an access code
// and a QR code, and changes or cancels it with the code
// (docs/appointments.md); and the appointments' clock, which reminds and
// records no-shows.
package booking

import (
	"log/slog"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// Handler serves the /book page and its endpoints.
type Handler struct {
	actions *actions.Actions
	store   *store.Store
	cat     *catalogue.Catalogue
	limits  *ratelimit.Limiter
	log     *slog.Logger
}

// Mount adds the /book page and the booking endpoints to mux.
func Mount(mux *http.ServeMux, acts *actions.Actions, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) {
	h := &Handler{actions: acts, store: st, cat: cat, limits: ratelimit.New(st.Redis()), log: log}
	mux.HandleFunc("GET /book/{name}", func(w http.ResponseWriter, r *http.Request) { publicpage.Serve(w, r, "book") })
	mux.HandleFunc("GET /api/v1/branches/{branch}/bookings/form", h.form)
	mux.HandleFunc("GET /api/v1/branches/{branch}/bookings/slots", h.slots)
	mux.HandleFunc("POST /api/v1/branches/{branch}/bookings", h.book)
	mux.HandleFunc("GET /api/v1/bookings/{id}", h.status)
	mux.HandleFunc("GET /api/v1/bookings/{id}/qr.svg", h.qr)
	mux.HandleFunc("POST /api/v1/bookings/{id}/change", h.change)
	mux.HandleFunc("POST /api/v1/bookings/{id}/cancel", h.cancel)
}
