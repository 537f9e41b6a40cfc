package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/shamil-municipal/shamil/hub/internal/httpx"
)

// receipt answers a ticket's 80 mm receipt as a PDF, for the kiosk to print
// or an officer to reprint.
func (api *API) receipt(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
	defer cancel()
	p, err := api.principal(ctx, r)
	if err != nil {
		httpx.WriteError(w, err)
		return
	}
	data, err := api.actions.Receipt(ctx, p, r.PathValue("ticket"))
	if err != nil {
		httpx.WriteError(w, err)
		return
	}
	pdf, err := api.receipts.Render(data)
	if err != nil {
		api.log.Error("render receipt", "ticket", r.PathValue("ticket"), "error", err)
		httpx.WriteError(w, fmt.Errorf("render receipt: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s.pdf"`, data.Ticket))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}
