package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var riyadh, _ = time.LoadLocation("Asia/Riyadh")

// slot9 is 09:00 in Riyadh on the day after t0.
var slot9 = time.Date(2026, 11, 29, 9, 0, 0, 0, riyadh)

func book(s *Store, phone string, at time.Time, places int) (Booked, error) {
	return s.BookSlot(context.Background(), Book{
		Branch: branch, Service: "building-permit", Category: "permit", Slot: at, Minutes: 20,
		Label: at.Format("2006-01-02 15:04"), Places: places, MaxOverlapping: 100, Phone: phone, PerPhone: 2,
		Channel: "online", Lang: "ar", CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA",
		Now: t0, Actor: "citizen",
	})
}

func reason(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return fmt.Sprint(err)
}

func TestConcurrentBookingsNeverOverbookASlot(t *testing.T) {
	s, _ := newStore(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	booked, full := 0, 0
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := book(s, fmt.Sprintf("+9665000000%02d", i), slot9, 3)
			mu.Lock()
			defer mu.Unlock()
			switch reason(err) {
			case "<nil>":
				booked++
			case "slot_full":
				full++
			default:
				t.Errorf("booking %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if booked != 3 || full != 47 {
		t.Fatalf("%d booked and %d refused as full, want 3 and 47", booked, full)
	}
	taken, _, err := s.SlotsTaken(context.Background(), branch, "building-permit", 20, []time.Time{slot9})
	if err != nil || taken[0] != 3 {
		t.Fatalf("slot holds %v, %v; want 3", taken, err)
	}
}

func TestCancelFreesThePlace(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	first, err := book(s, "+966500000001", slot9, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book(s, "+966500000002", slot9, 1); reason(err) != "slot_full" {
		t.Fatalf("second booking of a slot of 1: %v, want slot_full", err)
	}
	cancelled, err := s.CancelBooking(ctx, branch, first.Booking.ID, "label", "citizen", t0)
	if err != nil || cancelled.State != protocol.BookingCancelled {
		t.Fatalf("cancel: %+v %v", cancelled, err)
	}
	if _, err := s.CancelBooking(ctx, branch, first.Booking.ID, "label", "citizen", t0); reason(err) != "booking_not_active" {
		t.Fatalf("second cancel: %v, want booking_not_active", err)
	}
	if _, err := book(s, "+966500000002", slot9, 1); err != nil {
		t.Fatalf("booking the freed place: %v", err)
	}
	// The case keeps the booking and its cancellation, for the citizen to see.
	c, err := s.Case(ctx, branch, first.Booking.Case)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range c.Timeline {
		kinds = append(kinds, e.Kind)
	}
	if fmt.Sprint(kinds) != "[opened appointment_booked appointment_cancelled]" {
		t.Fatalf("timeline %v", kinds)
	}
}

func TestMobileLimitAndChange(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	phone := "+966500000009"
	a, err := book(s, phone, slot9, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book(s, phone, slot9.Add(20*time.Minute), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := book(s, phone, slot9.Add(40*time.Minute), 1); reason(err) != "booking_limit" {
		t.Fatalf("third booking of one mobile (limit 2): %v, want booking_limit", err)
	}
	// Moving a booking keeps the count and frees its old place.
	moved, err := s.BookSlot(ctx, Book{Branch: branch, Service: "building-permit", Category: "permit",
		Slot: slot9.Add(40 * time.Minute), Minutes: 20, Places: 1, MaxOverlapping: 100, PerPhone: 2,
		Change: a.Booking.ID, Now: t0, Actor: "citizen"})
	if err != nil || moved.Booking.ID != a.Booking.ID || !moved.Booking.Slot.Equal(slot9.Add(40*time.Minute)) || moved.AccessCode != a.AccessCode {
		t.Fatalf("change: %+v %v", moved, err)
	}
	if _, err := book(s, "+966500000010", slot9, 1); err != nil {
		t.Fatalf("the place left by the change: %v", err)
	}
	// The branch's share: bookings overlapping a slot, whatever the service.
	_, err = s.BookSlot(ctx, Book{Branch: branch, Service: "shop-licence", Category: "permit",
		Slot: slot9.Add(10 * time.Minute), Minutes: 30, Places: 5, MaxOverlapping: 2, Phone: "+966500000011", PerPhone: 2,
		Channel: "online", Lang: "ar", CasePrefix: "QTF", Year: "2026", AccessCode: "X", Now: t0, Actor: "citizen"})
	if reason(err) != "slot_full" {
		t.Fatalf("a third booking overlapping 09:10-09:40 with a share of 2: %v, want slot_full", err)
	}
}

// An appointment checked in counts as if it had arrived at its slot less
// the priority credit: before walk-ins who came later than that, after
// those who came earlier, so walk-ins wait at most the credit longer.
func TestAppointmentCalledAtItsSlotLessTheCredit(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	day := "2026-11-28"
	slot := time.Date(2026, 11, 28, 11, 0, 0, 0, riyadh) // t0 is 10:30 in Riyadh
	booked, err := s.BookSlot(ctx, Book{Branch: branch, Service: "building-permit", Category: "permit", Slot: slot,
		Minutes: 20, Places: 2, MaxOverlapping: 3, Phone: "+966500000001", PerPhone: 2, Channel: "online", Lang: "ar",
		CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: t0.Add(-24 * time.Hour), Actor: "citizen"})
	if err != nil {
		t.Fatal(err)
	}
	// Walk-ins at 10:40 (before 10:45, the slot less 15 minutes) and 10:50.
	early := issue(t, s, protocol.LaneNormal, t0.Add(10*time.Minute), Op{})
	later := issue(t, s, protocol.LaneNormal, t0.Add(20*time.Minute), Op{})
	// The appointment arrives at 10:55, after both.
	in, err := s.CheckInBooking(ctx, branch, booked.Booking.ID, day, 15*time.Minute, 15*time.Minute, "kiosk-1", t0.Add(25*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if in.Late || in.Ticket.Lane != protocol.LaneAppointment || in.Ticket.Number != "R-001" || in.Ticket.Case != booked.Booking.Case || in.Ahead != 1 {
		t.Fatalf("checked in: %+v", in)
	}
	again, err := s.CheckInBooking(ctx, branch, booked.Booking.ID, day, 15*time.Minute, 15*time.Minute, "kiosk-1", t0.Add(26*time.Minute))
	if err != nil || again.Ticket.ID != in.Ticket.ID {
		t.Fatalf("second check-in: %+v %v", again, err)
	}
	openDesk(t, s, "1", "sara")
	for _, want := range []string{early.Ticket.ID, in.Ticket.ID, later.Ticket.ID} {
		got, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0.Add(30*time.Minute))
		if err != nil || got.ID != want {
			t.Fatalf("called %s, %v; want %s", got.ID, err, want)
		}
		if _, err := s.ActOnTicket(ctx, branch, got.ID, ActionServe, "sara", once, Op{}, t0.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ActOnTicket(ctx, branch, got.ID, ActionComplete, "sara", once, Op{}, t0.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := s.Booking(ctx, branch, booked.Booking.ID); err != nil || b.Booking.State != protocol.BookingCheckedIn {
		t.Fatalf("booking after check-in: %+v %v", b.Booking, err)
	}
}

// Later than the grace, an appointment is an ordinary walk-in arriving now;
// an appointment of another day is refused.
func TestLateAppointmentIsAWalkIn(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	slot := time.Date(2026, 11, 28, 10, 0, 0, 0, riyadh) // 30 minutes before t0
	book := func(at time.Time) Booked {
		b, err := s.BookSlot(ctx, Book{Branch: branch, Service: "building-permit", Category: "permit", Slot: at,
			Minutes: 20, Places: 2, MaxOverlapping: 3, Phone: "+966500000001", PerPhone: 2, Channel: "online", Lang: "ar",
			CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: t0.Add(-24 * time.Hour), Actor: "citizen"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	late := book(slot)
	in, err := s.CheckInBooking(ctx, branch, late.Booking.ID, "2026-11-28", 15*time.Minute, 15*time.Minute, "kiosk-1", t0)
	if err != nil || !in.Late || in.Ticket.Lane != protocol.LaneNormal || in.Ticket.Number != "A-001" {
		t.Fatalf("late check-in: %+v %v", in, err)
	}
	tomorrow := book(slot.Add(24 * time.Hour))
	if _, err := s.CheckInBooking(ctx, branch, tomorrow.Booking.ID, "2026-11-28", 15*time.Minute, 15*time.Minute, "kiosk-1", t0); reason(err) != "booking_not_today" {
		t.Fatalf("tomorrow's appointment checked in today: %v", err)
	}
}

// An appointment checked in early keeps its place at its slot less the
// credit: walk-ins who come after it but before that moment are called
// first, and one who comes after that moment is called after it, even
// behind a later appointment's visitor who checked in long before. A desk
// with nobody else waiting calls the early visitor rather than stand idle.
func TestEarlyAppointmentWaitsForItsSlotUnlessNobodyElseWaits(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	credit, grace := 15*time.Minute, 15*time.Minute
	bookFor := func(phone string, slot time.Time) string {
		b, err := s.BookSlot(ctx, Book{Branch: branch, Service: "building-permit", Category: "permit", Slot: slot,
			Minutes: 20, Places: 2, MaxOverlapping: 3, Phone: phone, PerPhone: 2, Channel: "online", Lang: "ar",
			CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: t0.Add(-24 * time.Hour), Actor: "citizen"})
		if err != nil {
			t.Fatal(err)
		}
		return b.Booking.ID
	}
	checkIn := func(id string, at time.Time) string {
		in, err := s.CheckInBooking(ctx, branch, id, "2026-11-28", credit, grace, "kiosk-1", at)
		if err != nil {
			t.Fatal(err)
		}
		return in.Ticket.ID
	}
	openDesk(t, s, "1", "sara")
	call := func(at time.Time, want string, who string) protocol.Ticket {
		t.Helper()
		got, err := s.CallNext(ctx, branch, "1", "sara", Op{}, at)
		if err != nil || got.ID != want {
			t.Fatalf("at %s called %s (%s), %v; want %s", at.In(riyadh).Format("15:04"), got.Number, got.ID, err, who)
		}
		for _, act := range []TicketAction{ActionServe, ActionComplete} {
			if _, err := s.ActOnTicket(ctx, branch, got.ID, act, "sara", once, Op{}, at); err != nil {
				t.Fatal(err)
			}
		}
		return got
	}

	// t0 is 10:30 in Riyadh. The noon appointment's visitor checks in at
	// 10:30 (counted from 11:45), a walk-in comes at 10:40.
	noon := checkIn(bookFor("+966500000001", time.Date(2026, 11, 28, 12, 0, 0, 0, riyadh)), t0)
	walkIn := issue(t, s, protocol.LaneNormal, t0.Add(10*time.Minute), Op{}).Ticket.ID
	call(t0.Add(15*time.Minute), walkIn, "the walk-in who came before 11:45")
	// The desk that calls an appointment's visitor learns its booking.
	if got := call(t0.Add(20*time.Minute), noon, "the early appointment: nobody else waits"); got.Booking == "" ||
		got.BookedSlot == nil || !got.BookedSlot.Equal(time.Date(2026, 11, 28, 12, 0, 0, 0, riyadh)) {
		t.Errorf("called appointment: booking %q at %v", got.Booking, got.BookedSlot)
	}

	// The 12:20 appointment's visitor checks in at 11:00 (counted from
	// 12:05); a walk-in comes at 11:50 and is called before them.
	later := checkIn(bookFor("+966500000002", time.Date(2026, 11, 28, 12, 20, 0, 0, riyadh)), t0.Add(30*time.Minute))
	lateWalkIn := issue(t, s, protocol.LaneNormal, t0.Add(80*time.Minute), Op{}).Ticket.ID
	call(t0.Add(85*time.Minute), lateWalkIn, "the walk-in who came before 12:05")
	call(t0.Add(90*time.Minute), later, "the 12:20 appointment")
}
