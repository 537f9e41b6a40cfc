package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Two hub replicas run the appointments' clock: a booking not checked in
// becomes a no-show within moments of the end of its grace (15 minutes in
// the Qatif catalogue), once.
func TestHubsRecordANoShowOnceAsTheGraceEnds(t *testing.T) {
	h := hubtest.Start(t)
	h.Replica(t)
	ctx := context.Background()
	// The slot began 15 minutes ago, less two seconds: its grace ends now.
	b, _ := h.Book(t, time.Now().Add(-15*time.Minute+2*time.Second), "")
	deadline := time.Now().Add(30 * time.Second)
	for {
		got, err := h.Store.Booking(ctx, "qatif", b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Booking.State == protocol.BookingNoShow {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the booking is still %s 30 s after its grace ended", got.Booking.State)
		}
		time.Sleep(100 * time.Millisecond)
	}
	evs, err := h.Store.EventsAfter(ctx, "qatif", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	missed := 0
	for _, ev := range evs {
		if ev.Type == protocol.EventBookingMissed {
			missed++
		}
	}
	if missed != 1 {
		t.Errorf("%d booking.missed events, want 1", missed)
	}
}
