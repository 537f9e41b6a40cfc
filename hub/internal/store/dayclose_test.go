package store

import (
	"context"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// issueOn issues a walk-in (or, remote, an online) ticket on day.
func issueOn(t *testing.T, s *Store, day string, remote bool, at time.Time) protocol.IssuedTicket {
	t.Helper()
	channel, actor := "walk_in", "kiosk-1"
	if remote {
		channel, actor = "online", "citizen"
	}
	out, err := s.IssueTicket(context.Background(), Issue{
		Branch: branch, Service: "road-defect", Category: "complaint", Lane: protocol.LaneNormal,
		Phone: "+966501234567", Lang: "ar", Channel: channel, CasePrefix: "QTF",
		AccessCode: "7KQ2M-XD9PA", PriorityCredit: 15 * time.Minute, Day: day, Year: "2026",
		Now: at, Actor: actor, Remote: remote, RemoteLimit: 5,
	})
	if err != nil {
		t.Fatalf("issue ticket: %v", err)
	}
	return out.IssuedTicket
}

// At the day's end, what is still queued from it expires: the shared queue,
// a desk's and an officer's transfers, and remote tickets never checked in.
// The cases stay open, today's tickets are untouched, and a second run
// changes nothing.
func TestCloseDayExpiresWhatWasLeftWaiting(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	openDesk(t, s, "1", "sara")
	toDesk := issueOn(t, s, "2026-11-28", false, t0)
	toOfficer := issueOn(t, s, "2026-11-28", false, t0.Add(time.Minute))
	for _, c := range []struct{ id, desk, officer string }{{toDesk.Ticket.ID, "2", ""}, {toOfficer.Ticket.ID, "", "omar"}} {
		if _, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Transfer(ctx, branch, c.id, c.desk, c.officer, "", "sara", Op{}, t0); err != nil {
			t.Fatal(err)
		}
	}
	waiting := issueOn(t, s, "2026-11-28", false, t0.Add(2*time.Minute))
	remote := issueOn(t, s, "2026-11-28", true, t0.Add(3*time.Minute))
	today := issueOn(t, s, "2026-11-29", false, t0.Add(24*time.Hour))
	before, err := s.Position(ctx, branch)
	if err != nil {
		t.Fatal(err)
	}

	evening := t0.Add(17 * time.Hour)
	n, err := s.CloseDay(ctx, branch, "2026-11-29", "2026-11-28", evening)
	if err != nil || n != 4 {
		t.Fatalf("CloseDay = %d, %v; want 4 expired", n, err)
	}
	for _, id := range []string{toDesk.Ticket.ID, toOfficer.Ticket.ID, waiting.Ticket.ID, remote.Ticket.ID} {
		tk, err := s.Ticket(ctx, branch, id)
		if err != nil || tk.State != protocol.TicketExpired || tk.EndedAt == nil {
			t.Errorf("ticket %s: %+v %v, want expired with an end", id, tk, err)
		}
	}
	if tk, _ := s.Ticket(ctx, branch, today.Ticket.ID); tk.State != protocol.TicketWaiting {
		t.Errorf("today's ticket is %s, want still waiting", tk.State)
	}
	if c, err := s.Case(ctx, branch, waiting.Case); err != nil || c.Status != protocol.CaseReceived {
		t.Errorf("the expired ticket's case: %+v %v, want still received", c, err)
	}
	snap, err := s.Snapshot(ctx, branch, "2026-11-29", evening)
	if err != nil {
		t.Fatal(err)
	}
	if snap.WaitingCount != 1 || len(snap.Waiting) != 1 || snap.Waiting[0].ID != today.Ticket.ID {
		t.Fatalf("waiting after the close: %d %+v, want only today's", snap.WaitingCount, snap.Waiting)
	}
	evs, err := s.EventsAfter(ctx, branch, before.Offset, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 || evs[0].Type != protocol.EventTicketExpired || evs[3].Waiting != 1 {
		t.Fatalf("events %+v, want 4 ticket.expired ending with 1 waiting", evs)
	}

	if n, err := s.CloseDay(ctx, branch, "2026-11-29", "2026-11-28", evening); err != nil || n != 0 {
		t.Fatalf("second CloseDay = %d, %v; want nothing to do", n, err)
	}
}
