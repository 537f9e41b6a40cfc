package kiosk

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestCheckInARemoteTicket(t *testing.T) {
	h := hubtest.Start(t)
	k := start(t, h, Printer{Spool: t.TempDir()})
	var taken struct {
		CheckInURL string `json:"check_in_url"`
		Ticket     protocol.Ticket
	}
	h.Do(t, "POST", "/api/v1/branches/qatif/remote-tickets", "",
		`{"service":"road-defect","phone":"0501234567"}`, http.StatusCreated, &taken)

	in, err := k.CheckIn(context.Background(), taken.CheckInURL+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if in.Ticket.Number != taken.Ticket.Number || in.Ticket.State != protocol.TicketWaiting || in.Ahead != 0 {
		t.Fatalf("checked in: %+v", in)
	}
	var perr *protocol.Error
	for _, scanned := range []string{"hello", "http://shamil.test/track?case=QTF-2026-000001&code=X", "http://shamil.test/queue/qatif?ticket=" + taken.Ticket.ID} {
		if _, err := k.CheckIn(context.Background(), scanned); !errors.As(err, &perr) || perr.MessageAr == "" {
			t.Fatalf("%q: %v", scanned, err)
		}
	}
}
