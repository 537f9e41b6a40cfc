package vqueue

import (
	"context"
	"errors"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Form is what the page needs to offer a ticket at a branch.
type Form struct {
	Branch   protocol.Branch    `json:"branch"`
	Services []protocol.Service `json:"services"`
	Enabled  bool               `json:"enabled"` // false: the branch takes no remote tickets
}

func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	b, ok := h.cat.Branch(r.PathValue("branch"))
	if !ok {
		httpx.WriteError(w, &protocol.Error{Code: protocol.CodeNotFound, Field: "branch",
			Message: "Unknown branch", MessageAr: "الفرع غير موجود"})
		return
	}
	httpx.WriteJSON(w, http.StatusOK, Form{Branch: b, Services: h.cat.Wire().Services,
		Enabled: h.cat.RemoteTicketsPerPhone(b.ID) > 0})
}

func (h *Handler) take(w http.ResponseWriter, r *http.Request) {
	in, err := decodeTake(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		h.writeError(w, err)
		return
	}
	out, err := h.actions.TakeRemoteTicket(r.Context(), actions.RemoteRequest{Branch: r.PathValue("branch"),
		Service: in.Service, Phone: in.Phone, Lang: in.Lang, RequestID: in.RequestID})
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	out, err := guarded(r, h, func(ctx context.Context, id string) (actions.RemoteTicket, error) {
		return h.actions.RemoteStatus(ctx, id, code)
	})
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) qr(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	svg, err := guarded(r, h, func(ctx context.Context, id string) (string, error) {
		t, err := h.actions.RemoteStatus(ctx, id, code)
		if err != nil {
			return "", err
		}
		return publicpage.QRSVG(h.actions.CheckInURL(t.Ticket.Branch, t.Ticket.ID, code))
	})
	if err != nil {
		h.writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(svg))
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	in, err := decodeCode(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		h.writeError(w, err)
		return
	}
	out, err := guarded(r, h, func(ctx context.Context, id string) (protocol.Ticket, error) {
		return h.actions.CancelRemote(ctx, id, in.Code)
	})
	if err != nil {
		h.writeError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// guarded runs do for the ticket of the request's path under the same
// wrong-code lock as /track.
func guarded[T any](r *http.Request, h *Handler, do func(context.Context, string) (T, error)) (T, error) {
	id := r.PathValue("id")
	return guess.Guarded(r, h.store, id, func(ctx context.Context) (T, error) { return do(ctx, id) })
}

func (h *Handler) writeError(w http.ResponseWriter, err error) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		h.log.Error("remote ticket request", "error", err)
	}
	httpx.WriteError(w, err)
}
