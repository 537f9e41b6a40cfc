package main

import (
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/desktop/xvfbtest"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// TestDeskShowsAppointment: a visitor checked in from an appointment is
// called, and the desk shows the booked time and the appointment's notes
// under the ticket and its service.
func TestDeskShowsAppointment(t *testing.T) {
	xvfbtest.Require(t)
	h := hubtest.Start(t)
	ctx := t.Context()
	_, password, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleOfficer, "Sara Al-Qahtani", "sara")
	if err != nil {
		t.Fatal(err)
	}
	// Booked for this minute, checked in at the kiosk now.
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	now := time.Now()
	slot := now.Truncate(time.Minute)
	booked, _ := h.Book(t, slot, "Bring the stamped site plan")
	in, err := h.Store.CheckInBooking(ctx, "qatif", booked.ID, now.In(riyadh).Format(time.DateOnly),
		15*time.Minute, 15*time.Minute, "kiosk-1", now)
	if err != nil {
		t.Fatal(err)
	}

	d, app := openDesk(t, h, password, "desk-appointment-failed")
	d.Key(t, "F2")
	at := slot.In(riyadh).Format("15:04")
	app.WaitLayout(t, "the appointment shown", func(l desktop.Layout) bool {
		text := l.Part("ticket-booking").Text
		return strings.Contains(text, "موعد محجوز الساعة "+at) && strings.Contains(text, "\u2066"+booked.ID+"\u2069") &&
			strings.Contains(text, "ملاحظات الموعد: \u2068Bring the stamped site plan\u2069")
	})
	var s protocol.Snapshot
	h.Do(t, "GET", "/api/v1/branches/qatif/queue", h.User(t, protocol.RoleAdmin, "huda", "Huda"), "", 200, &s)
	if len(s.Recent) == 0 || s.Recent[0].ID != in.Ticket.ID || s.Recent[0].State != protocol.TicketCalled {
		t.Fatalf("the hub's latest call: %+v, want %s called", s.Recent, in.Ticket.Number)
	}
	d.Screenshot(t, "desk-appointment")
}
