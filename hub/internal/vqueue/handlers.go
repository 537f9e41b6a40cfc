package vqueue

import (
	"context"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/publicpage"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
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
		httpx.WriteError(w, words.UnknownBranch.Fill(r.PathValue("branch")).ErrorOn(protocol.CodeNotFound, "branch"))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, Form{Branch: b, Services: h.cat.Wire().Services,
		Enabled: h.cat.RemoteTicketsPerPhone(b.ID) > 0})
}

func (h *Handler) take(w http.ResponseWriter, r *http.Request) {
	in, err := decodeTake(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		publicpage.WriteError(w, h.log, "remote ticket request", err)
		return
	}
	out, err := h.actions.TakeRemoteTicket(r.Context(), actions.RemoteRequest{Branch: r.PathValue("branch"),
		Service: in.Service, Phone: in.Phone, Lang: in.Lang, RequestID: in.RequestID})
	if err != nil {
		publicpage.WriteError(w, h.log, "remote ticket request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, out)
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	out, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (actions.RemoteTicket, error) {
		return h.actions.RemoteStatus(ctx, id, code)
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "remote ticket request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) qr(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	svg, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (string, error) {
		t, err := h.actions.RemoteStatus(ctx, id, code)
		if err != nil {
			return "", err
		}
		return publicpage.QRSVG(h.actions.CheckInURL(t.Ticket.Branch, t.Ticket.ID, code))
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "remote ticket request", err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(svg))
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) {
	in, err := decodeCode(r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, publicpage.MaxBody))
	if err != nil {
		publicpage.WriteError(w, h.log, "remote ticket request", err)
		return
	}
	out, err := guess.GuardedPath(r, h.store, func(ctx context.Context, id string) (protocol.Ticket, error) {
		return h.actions.CancelRemote(ctx, id, in.Code)
	})
	if err != nil {
		publicpage.WriteError(w, h.log, "remote ticket request", err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}
