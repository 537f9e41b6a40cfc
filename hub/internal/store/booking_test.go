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
