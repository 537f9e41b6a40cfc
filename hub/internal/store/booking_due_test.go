package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// The appointments' clock reminds a booking a day and an hour before its
// slot, once each although two hub replicas look at the same moments; not
// a booking cancelled or checked in, nor, the day before, one made less
// than a day ahead. One not checked in by the end of its grace is a
// no-show as soon as the grace has passed, once.
func TestBookingsDueRemindOnceAndMissAfterTheGrace(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	slot := time.Date(2026, 11, 29, 12, 0, 0, 0, riyadh) // 25.5 hours after t0
	grace := 15 * time.Minute
	done := BookingsDone{}
	look := func(at time.Time) {
		t.Helper()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range 2 { // two hub replicas
			wg.Go(func() {
				d, err := s.DueBookings(ctx, branch, riyadh, grace, at)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Errorf("look at %s: %v", at, err)
				}
				done.Reminded += d.Reminded
				done.Missed += d.Missed
			})
		}
		wg.Wait()
	}
	bookAt := func(phone string, at time.Time) string {
		t.Helper()
		b, err := s.BookSlot(ctx, Book{Branch: branch, Service: "building-permit", Category: "permit", Slot: slot,
			Minutes: 20, Places: 5, MaxOverlapping: 100, Phone: phone, PerPhone: 2, Channel: "online", Lang: "ar",
			CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: at, Actor: "citizen"})
		if err != nil {
			t.Fatal(err)
		}
		return b.Booking.ID
	}
	checkIn := func(id string, at time.Time) {
		t.Helper()
		if _, err := s.CheckInBooking(ctx, branch, id, "2026-11-29", 15*time.Minute, grace, "kiosk-1", at); err != nil {
			t.Fatal(err)
		}
	}

	// Every step happens in time order, as on a live hub.
	look(t0)
	missed := bookAt("+966500000001", t0)    // never comes
	early := bookAt("+966500000002", t0)     // checks in before the hour's reminder
	cancelled := bookAt("+966500000003", t0) // cancels before any reminder
	if _, err := s.CancelBooking(ctx, branch, cancelled, "", "citizen", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	look(slot.Add(-RemindDayBefore - time.Minute))
	look(slot.Add(-RemindDayBefore + time.Second))
	look(slot.Add(-RemindDayBefore + time.Minute))
	late := bookAt("+966500000004", t0.Add(2*time.Hour)) // booked 23.5 hours ahead
	look(t0.Add(3 * time.Hour))
	checkIn(early, slot.Add(-70*time.Minute))
	look(slot.Add(-RemindHourBefore - time.Minute))
	look(slot.Add(-RemindHourBefore + time.Second))
	look(slot.Add(-RemindHourBefore + time.Minute))
	checkIn(late, slot.Add(5*time.Minute))
	look(slot.Add(grace - time.Second))
	if done.Missed != 0 {
		t.Fatalf("%d no-shows before the grace ended", done.Missed)
	}
	look(slot.Add(grace + time.Second))
	look(slot.Add(grace + time.Minute))

	if done != (BookingsDone{Reminded: 4, Missed: 1}) {
		t.Errorf("clock did %+v, want 4 reminders and 1 no-show", done)
	}
	evs, err := s.EventsAfter(ctx, branch, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		if ev.Type == protocol.EventBookingReminder || ev.Type == protocol.EventBookingMissed {
			got = append(got, fmt.Sprintf("%s %s", ev.Type, ev.Booking.ID))
		}
	}
	// The day's reminders and the hour's go out in the order of the bookings' ids.
	dayBefore := []string{"booking.reminder " + missed, "booking.reminder " + early}
	hourBefore := []string{"booking.reminder " + missed, "booking.reminder " + late}
	want := slices.Concat(dayBefore, hourBefore, []string{"booking.missed " + missed})
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%q\nwant\n%q", got, want)
	}
	for id, state := range map[string]protocol.BookingState{missed: protocol.BookingNoShow, early: protocol.BookingCheckedIn,
		cancelled: protocol.BookingCancelled, late: protocol.BookingCheckedIn} {
		if b, err := s.Booking(ctx, branch, id); err != nil || b.Booking.State != state {
			t.Errorf("%s: %s, %v; want %s", id, b.Booking.State, err, state)
		}
	}
	c, err := s.Case(ctx, branch, mustBooking(t, s, missed).Case)
	if err != nil {
		t.Fatal(err)
	}
	if last := c.Timeline[len(c.Timeline)-1]; last.Kind != "appointment_missed" || !last.Public {
		t.Errorf("the no-show's case ends with %+v, want a public appointment_missed", last)
	}
}

func mustBooking(t *testing.T, s *Store, id string) protocol.Booking {
	t.Helper()
	b, err := s.Booking(context.Background(), branch, id)
	if err != nil {
		t.Fatal(err)
	}
	return b.Booking
}

// A hub down over a reminder's moment sends, when it looks again, only
// what still makes sense: the hour's reminder for a slot now within the
// hour (not the day's as well), nothing for a slot already begun, which
// is a no-show once its grace has passed.
func TestBookingsDueAfterTheHubWasDown(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	grace := 15 * time.Minute
	slot := t0.Add(30 * time.Hour)
	book := func(phone string, at time.Time) string {
		t.Helper()
		b, err := s.BookSlot(ctx, Book{Branch: branch, Service: "building-permit", Category: "permit", Slot: at.In(riyadh),
			Minutes: 20, Places: 5, MaxOverlapping: 100, Phone: phone, PerPhone: 2, Channel: "online", Lang: "ar",
			CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: t0, Actor: "citizen"})
		if err != nil {
			t.Fatal(err)
		}
		return b.Booking.ID
	}
	if _, err := s.DueBookings(ctx, branch, riyadh, grace, t0); err != nil {
		t.Fatal(err)
	}
	soon := book("+966500000001", slot)
	begun := book("+966500000002", slot.Add(-45*time.Minute))
	// The hub comes back half an hour before the later slot.
	done, err := s.DueBookings(ctx, branch, riyadh, grace, slot.Add(-30*time.Minute))
	if err != nil || done != (BookingsDone{Reminded: 1, Missed: 1}) {
		t.Fatalf("back half an hour before the slot: %+v, %v; want 1 reminder and 1 no-show", done, err)
	}
	evs, err := s.EventsAfter(ctx, branch, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		if ev.Type == protocol.EventBookingReminder || ev.Type == protocol.EventBookingMissed {
			got = append(got, ev.Type+" "+ev.Booking.ID)
		}
	}
	if want := []string{"booking.reminder " + soon, "booking.missed " + begun}; !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}
