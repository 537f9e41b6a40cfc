package stats_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A day's appointments in the managers' figures: three booked and one
// cancelled (not counted); one arrives and is called 4 minutes after its
// check-in, and two are missed at the day's end; a
// walk-in, who came a minute before the appointment's check-in
// and queues behind it (its slot less the credit), is called after 20
// minutes.
func TestAppointmentFigures(t *testing.T) {
	src := source(t)
	st := src.Store
	ctx := context.Background()
	riyadh := time.FixedZone("AST", 3*60*60)
	at := func(hh, mm int) time.Time { return time.Date(2026, 3, 2, hh, mm, 0, 0, riyadh) }
	const day = "2026-03-02" // a Monday
	book := func(n int, slot time.Time) protocol.Booking {
		t.Helper()
		b, err := st.BookSlot(ctx, store.Book{Branch: "qatif", Service: "building-permit", Category: "permit", Slot: slot,
			Minutes: 20, Label: slot.Format("15:04"), Places: 3, MaxOverlapping: 10, Phone: fmt.Sprintf("+96650123456%d", n),
			PerPhone: 2, Channel: "online", Lang: "ar", CasePrefix: "QTF", Year: "2026",
			AccessCode: auth.NewAccessCode(), Now: at(7, 0), Actor: "citizen"})
		if err != nil {
			t.Fatal(err)
		}
		return b.Booking
	}
	arrives := book(1, at(9, 0))
	book(2, at(10, 0)) // missed
	book(3, at(13, 0))
	cancelled := book(4, at(11, 0))
	if _, err := st.CancelBooking(ctx, "qatif", cancelled.ID, "11:00", "citizen", at(7, 30)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetDesk(ctx, "qatif", "1", store.DeskActionOpen, "sara", "Sara", "", store.Op{}, at(7, 50)); err != nil {
		t.Fatal(err)
	}
	walkIn, err := st.IssueTicket(ctx, store.Issue{Branch: "qatif", Service: "road-defect", Category: "report",
		Lane: protocol.LaneNormal, Lang: "ar", Channel: "walk_in", CasePrefix: "QTF", AccessCode: auth.NewAccessCode(),
		Day: day, Year: "2026", Now: at(8, 55), Actor: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := st.CheckInBooking(ctx, "qatif", arrives.ID, day, 10*time.Minute, 15*time.Minute, "kiosk", at(8, 56))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		want string
		at   time.Time
	}{{in.Ticket.ID, at(9, 0)}, {walkIn.Ticket.ID, at(9, 15)}} {
		got, err := st.CallNext(ctx, "qatif", "1", "sara", store.Op{}, c.at)
		if err != nil || got.ID != c.want {
			t.Fatalf("called %+v, %v; want %s", got, err, c.want)
		}
		if _, err := st.ActOnTicket(ctx, "qatif", got.ID, store.ActionNoShow, "sara", store.Recalls{NoShowAfter: 1}, store.Op{}, c.at); err != nil {
			t.Fatal(err)
		}
	}
	// The appointments' clock, once the grace has passed.
	if done, err := st.DueBookings(ctx, "qatif", at(0, 0).Location(), 15*time.Minute, at(23, 59)); err != nil || done.Missed != 2 {
		t.Fatalf("after the grace: %d missed, %v", done.Missed, err)
	}

	f, err := src.Range(ctx, "qatif", day, day, at(23, 59))
	if err != nil {
		t.Fatal(err)
	}
	a := f.Appointments
	if a.Booked != 3 || a.Arrived != 1 || a.NoShows != 2 {
		t.Fatalf("booked %d, arrived %d, no-shows %d; want 3, 1, 2", a.Booked, a.Arrived, a.NoShows)
	}
	if a.Wait != (stats.Durations{Count: 1, Avg: 240, P50: 240, P90: 240}) || a.WalkInWait != (stats.Durations{Count: 1, Avg: 1200, P50: 1200, P90: 1200}) {
		t.Fatalf("waits: with an appointment %+v, without %+v", a.Wait, a.WalkInWait)
	}
}
