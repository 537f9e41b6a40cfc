package actions

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// bookingNow is Sunday 6 December 2026, 08:00 in Riyadh. The Qatif
// catalogue: building-permit slots of 20 minutes with 2 places, booked from
// an hour before up to 14 days ahead, 2 per mobile, 3 of the 6 desks.
var bookingNow = time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)

func bookAt(a *Actions, slot, phone string) (protocol.BookedVisit, error) {
	return a.BookVisit(context.Background(), BookRequest{Branch: "qatif", Service: "building-permit",
		Slot: slot, Phone: phone, Lang: "ar"})
}

func TestBookChangeCancel(t *testing.T) {
	ctx := context.Background()
	a, _ := newActions(t, bookingNow)
	v, err := bookAt(a, "2026-12-07T08:50:00+03:00", "0501234567")
	if err != nil {
		t.Fatal(err)
	}
	if v.Booking.ID != "qatif-B000001" || v.Booking.State != protocol.BookingBooked || v.Booking.Minutes != 20 || v.Booking.Case == "" {
		t.Fatalf("booked %+v", v.Booking)
	}
	if want := "https://shamil.example.sa/book/qatif?booking=qatif-B000001&code=" + v.AccessCode; v.CheckInURL != want {
		t.Errorf("check-in URL %q, want %q", v.CheckInURL, want)
	}
	if _, err := a.BookingStatus(ctx, v.Booking.ID, "WRONG-CODE1"); !errors.Is(err, errNoSuchBooking) {
		t.Fatalf("wrong code: %v", err)
	}
	moved, err := a.ChangeBooking(ctx, v.Booking.ID, v.AccessCode, "", "2026-12-08T10:30:00+03:00")
	if err != nil || moved.Booking.ID != v.Booking.ID || moved.Booking.Slot.Format(time.RFC3339) != "2026-12-08T07:30:00Z" {
		t.Fatalf("changed: %+v %v", moved.Booking, err)
	}
	if _, err := a.CancelBooking(ctx, v.Booking.ID, v.AccessCode); err != nil {
		t.Fatal(err)
	}
	c, err := a.PublicCase(ctx, v.Booking.Case, v.AccessCode)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range c.Timeline {
		texts = append(texts, e.Kind+" "+e.Text)
	}
	want := []string{"opened ", "appointment_booked 2026-12-07 (1448-06-27 هـ) 08:50",
		"appointment_changed 2026-12-08 (1448-06-28 هـ) 10:30", "appointment_cancelled 2026-12-08 (1448-06-28 هـ) 10:30"}
	if len(texts) != len(want) {
		t.Fatalf("timeline %q, want %q", texts, want)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("timeline[%d] = %q, want %q", i, texts[i], want[i])
		}
	}
}

func TestBookingRefusalsNameTheFieldAndStoreNothing(t *testing.T) {
	ctx := context.Background()
	a, _ := newActions(t, bookingNow)
	// Fill 08:50 tomorrow, and give one mobile its two bookings.
	for _, b := range [][2]string{{"2026-12-07T08:50:00+03:00", "0500000001"},
		{"2026-12-07T09:10:00+03:00", "0500000001"}, {"2026-12-07T08:50:00+03:00", "0500000002"}} {
		if _, err := bookAt(a, b[0], b[1]); err != nil {
			t.Fatal(err)
		}
	}
	before, err := a.FreeSlots(ctx, "qatif", "building-permit")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, service, slot, phone, field, reason string
	}{
		{"in the past", "building-permit", "2026-12-06T07:40:00+03:00", "0500000003", "slot", ""},
		{"too late to book", "building-permit", "2026-12-06T08:50:00+03:00", "0500000003", "slot", ""},
		{"beyond the window", "building-permit", "2026-12-21T08:50:00+03:00", "0500000003", "slot", ""},
		{"a closed day (Friday)", "building-permit", "2026-12-11T08:50:00+03:00", "0500000003", "slot", ""},
		{"not a slot", "building-permit", "2026-12-07T09:05:00+03:00", "0500000003", "slot", ""},
		{"not a time", "building-permit", "tomorrow", "0500000003", "slot", ""},
		{"full", "building-permit", "2026-12-07T08:50:00+03:00", "0500000003", "slot", "slot_full"},
		{"not bookable", "road-defect", "2026-12-07T09:30:00+03:00", "0500000003", "service", ""},
		{"no phone", "building-permit", "2026-12-07T09:30:00+03:00", "", "phone", ""},
		{"over the mobile's limit", "building-permit", "2026-12-07T09:30:00+03:00", "0500000001", "phone", "booking_limit"},
	}
	for _, tt := range tests {
		_, err := a.BookVisit(ctx, BookRequest{Branch: "qatif", Service: tt.service, Slot: tt.slot, Phone: tt.phone, Lang: "ar"})
		var pe *protocol.Error
		if !errors.As(err, &pe) || pe.Field != tt.field || pe.Reason != tt.reason || pe.Message == "" || pe.MessageAr == "" {
			t.Errorf("%s: %+v, want field %q reason %q with both messages", tt.name, err, tt.field, tt.reason)
		}
	}
	after, err := a.FreeSlots(ctx, "qatif", "building-permit")
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 14 || len(after) != len(before) {
		t.Fatalf("%d days before, %d after; want 14", len(before), len(after))
	}
	for i := range before {
		for j := range before[i].Slots {
			if before[i].Slots[j] != after[i].Slots[j] {
				t.Fatalf("a refused booking changed %s: %+v to %+v", before[i].Date, before[i].Slots[j], after[i].Slots[j])
			}
		}
	}
	// Tomorrow: 08:50 full, 09:10 with one place left; Friday closed.
	tomorrow := before[1]
	if tomorrow.Date != "2026-12-07" || tomorrow.Hijri != "1448-06-27" || tomorrow.Slots[4].Free != 0 || tomorrow.Slots[5].Free != 1 || tomorrow.Slots[6].Free != 2 {
		t.Errorf("tomorrow: %+v", tomorrow)
	}
	if before[5].Date != "2026-12-11" || len(before[5].Slots) != 0 {
		t.Errorf("Friday: %+v", before[5])
	}
	// Today: only slots an hour away or more, from 09:00.
	if first := before[0].Slots[0].Start.In(a.cat.Location("qatif")).Format("15:04"); first != "09:10" {
		t.Errorf("today's first slot %s", first)
	}
}

func TestDeskBooksAFollowUpOnTheVisitorsCase(t *testing.T) {
	a, _ := newActions(t, bookingNow)
	issued := sent(t)(do(t, a, kiosk, protocol.ReqTicketIssue, "", map[string]string{"service": "building-permit", "phone": "0501234567"})).(protocol.IssuedTicket)
	req := map[string]string{"ticket": issued.Ticket.ID, "slot": "2026-12-09T10:50:00+03:00", "notes": "bring the deed"}
	if _, err := do(t, a, sara, protocol.ReqBookingFollowUp, "", req); code(err) != protocol.CodeBadRequest {
		t.Fatalf("follow-up for a visitor not called: %v", err)
	}
	sent(t)(do(t, a, sara, protocol.ReqDeskOpen, "", map[string]string{"desk": "1"}))
	sent(t)(do(t, a, sara, protocol.ReqDeskCallNext, "", map[string]string{"desk": "1"}))
	v := sent(t)(do(t, a, sara, protocol.ReqBookingFollowUp, "f1", req)).(protocol.BookedVisit)
	if v.Booking.Case != issued.Case || v.AccessCode != issued.AccessCode || v.Booking.Notes != "bring the deed" || v.Booking.Service != "building-permit" {
		t.Fatalf("follow-up %+v, want on case %s", v, issued.Case)
	}
	again := sent(t)(do(t, a, sara, protocol.ReqBookingFollowUp, "f1", req)).(protocol.BookedVisit)
	if again.Booking.ID != v.Booking.ID {
		t.Fatalf("a retried request booked again: %s and %s", v.Booking.ID, again.Booking.ID)
	}
}

// sent fails the test on an error and returns the reply.
func sent(t *testing.T) func(any, error) any {
	return func(v any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// The kiosk checks in an appointment's visitor with the booking's QR code,
// through the same request as a remote ticket.
func TestKioskChecksInAnAppointment(t *testing.T) {
	a, _ := newActions(t, bookingNow)
	v, err := bookAt(a, "2026-12-07T08:50:00+03:00", "0501234567")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := bookAt(a, "2026-12-07T09:10:00+03:00", "0501234568")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(v.CheckInURL)
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]string{"booking": u.Query().Get("booking"), "code": u.Query().Get("code")}
	if _, err := do(t, a, kiosk, protocol.ReqTicketCheckIn, "", in); !errors.Is(err, &protocol.Error{Code: protocol.CodeInvalidState}) {
		t.Fatalf("checked in the day before: %v", err)
	}
	// The next day at 08:30, early: an appointment ticket, waiting for its slot.
	a.now = func() time.Time { return time.Date(2026, 12, 7, 5, 30, 0, 0, time.UTC) }
	got := sent(t)(do(t, a, kiosk, protocol.ReqTicketCheckIn, "", in)).(protocol.CheckedIn)
	if got.Ticket.Lane != protocol.LaneAppointment || got.Ticket.Case != v.Booking.Case || got.Notice != nil {
		t.Fatalf("checked in: %+v", got)
	}
	if _, err := do(t, a, kiosk, protocol.ReqTicketCheckIn, "", map[string]string{"booking": in["booking"], "code": "AAAAA-AAAAA"}); !errors.Is(err, errNoSuchBooking) {
		t.Fatalf("a wrong code: %v", err)
	}

	// Another, checked in after its grace: an ordinary ticket, and the kiosk says so.
	a.now = func() time.Time { return time.Date(2026, 12, 7, 6, 30, 0, 0, time.UTC) } // 09:30, grace 15 min
	late := sent(t)(do(t, a, kiosk, protocol.ReqTicketCheckIn, "", map[string]string{"booking": v2.Booking.ID, "code": v2.AccessCode})).(protocol.CheckedIn)
	if late.Ticket.Lane != protocol.LaneNormal || late.Notice == nil || late.Notice.Ar == "" {
		t.Fatalf("late check-in: %+v", late)
	}
}
