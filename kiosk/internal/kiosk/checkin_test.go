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

// An appointment's QR code goes through the same check-in: the hub gives
// its visitor a ticket on the day, and refuses it on another.
func TestCheckInAnAppointment(t *testing.T) {
	h := hubtest.Start(t)
	k := start(t, h, Printer{Spool: t.TempDir()})
	var slots struct {
		Days []struct {
			Slots []struct {
				Start string
				Free  int
			}
		}
	}
	h.Do(t, "GET", "/api/v1/branches/qatif/bookings/slots?service=building-permit", "", "", http.StatusOK, &slots)
	slot := ""
	for _, d := range slots.Days {
		for _, s := range d.Slots {
			if s.Free > 0 && slot == "" {
				slot = s.Start
			}
		}
	}
	var booked protocol.BookedVisit
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "",
		`{"service":"building-permit","slot":"`+slot+`","phone":"0501234567"}`, http.StatusCreated, &booked)

	in, err := k.CheckIn(context.Background(), booked.CheckInURL+"\n")
	var perr *protocol.Error
	switch {
	case err == nil:
		if in.Ticket.Lane != protocol.LaneAppointment || in.Ticket.Case != booked.Booking.Case {
			t.Fatalf("checked in: %+v", in)
		}
	case errors.As(err, &perr) && perr.Reason == "booking_not_today":
		// The first free slot is on another day: the hub read the booking.
	default:
		t.Fatalf("check-in: %v", err)
	}
	if _, err := k.CheckIn(context.Background(), "http://shamil.test/book/qatif?booking="+booked.Booking.ID); !errors.As(err, &perr) || perr.MessageAr == "" {
		t.Fatalf("no code: %v", err)
	}
}
