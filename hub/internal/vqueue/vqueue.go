// Package vqueue is the virtual queue: a citizen takes today's ticket for a
// branch from their phone (/queue/{branch}), follows their place, and
// checks in at the kiosk by scanning the ticket's QR code; until then desks
// do not call them (docs/queue.md, "Virtual queue").
package vqueue

import (
	"log/slog"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// Handler serves the /queue page and its endpoints.
type Handler struct {
	actions *actions.Actions
	store   *store.Store
	cat     *catalogue.Catalogue
	log     *slog.Logger
}

// Mount adds the /queue page and the remote-ticket endpoints to mux.
func Mount(mux *http.ServeMux, acts *actions.Actions, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) {
	h := &Handler{actions: acts, store: st, cat: cat, log: log}
	mux.HandleFunc("GET /queue/{name}", h.page)
	mux.HandleFunc("GET /api/v1/branches/{branch}/remote-tickets/form", h.form)
	mux.HandleFunc("POST /api/v1/branches/{branch}/remote-tickets", h.take)
	mux.HandleFunc("GET /api/v1/remote-tickets/{id}", h.status)
	mux.HandleFunc("GET /api/v1/remote-tickets/{id}/qr.svg", h.qr)
	mux.HandleFunc("POST /api/v1/remote-tickets/{id}/cancel", h.cancel)
}

// page serves /queue/{branch} and the page's own files.
func (h *Handler) page(w http.ResponseWriter, r *http.Request) { publicpage.Serve(w, r, "queue") }
