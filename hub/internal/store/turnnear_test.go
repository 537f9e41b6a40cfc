package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func issueWith(t *testing.T, s *Store, phone, lang string, remote bool, at time.Time) protocol.IssuedTicket {
	t.Helper()
	out, err := s.IssueTicket(context.Background(), Issue{
		Branch: branch, Service: "road-defect", Category: "complaint", Lane: protocol.LaneNormal,
		Phone: phone, Lang: lang, Channel: "walk_in", CasePrefix: "QTF",
		AccessCode: "7KQ2M-XD9PA", PriorityCredit: 15 * time.Minute, Day: "2026-11-28", Year: "2026",
		Now: at, Actor: "kiosk-1", Remote: remote, RemoteLimit: 1,
	})
	if err != nil {
		t.Fatalf("issue ticket: %v", err)
	}
	return out.IssuedTicket
}

// turnsNear asks for the turns near and checks each one's count of people
// ahead against Ahead and RemoteAhead, the counts the receipt and /queue show.
func turnsNear(t *testing.T, s *Store) []TurnNear {
	t.Helper()
	ctx := context.Background()
	near, err := s.TurnsNear(ctx, branch, "2026-11-28", 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range near {
		tk, err := s.Ticket(ctx, branch, n.Ticket)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Ahead(ctx, branch, tk)
		if n.Remote {
			want, err = s.RemoteAhead(ctx, branch, tk.ID)
		}
		if err != nil || n.Ahead != want || n.Remote != (tk.State == protocol.TicketRemote) || n.Number != tk.Number || n.Case != tk.Case {
			t.Errorf("turn near %+v, ticket %+v with %d ahead (%v)", n, tk, want, err)
		}
	}
	return near
}

func numbers(near []TurnNear) []string {
	var out []string
	for _, n := range near {
		out = append(out, n.Number)
	}
	slices.Sort(out)
	return out
}

func TestTurnsNearTellsEachNearTicketOnce(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	openDesk(t, s, "1", "sara")

	// X-001, already called and transferred to desk 2, is ahead of everybody.
	x := issueWith(t, s, "+966500000000", "ar", false, t0.Add(-time.Minute))
	if _, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transfer(ctx, branch, x.Ticket.ID, "2", "", "", "sara", Op{}, t0); err != nil {
		t.Fatal(err)
	}
	w1 := issueWith(t, s, "+966500000001", "en", false, t0.Add(1*time.Minute))
	issueWith(t, s, "+966500000002", "ar", false, t0.Add(2*time.Minute))
	issueWith(t, s, "", "ar", false, t0.Add(3*time.Minute)) // no phone
	r := issueWith(t, s, "+966500000004", "ar", true, t0.Add(4*time.Minute))
	issueWith(t, s, "+966500000005", "ar", false, t0.Add(5*time.Minute))
	issueWith(t, s, "+966500000006", "ar", false, t0.Add(6*time.Minute))
	gone := issueWith(t, s, "+966500000007", "ar", true, t0.Add(7*time.Minute))
	if _, err := s.ActOnTicket(ctx, branch, gone.Ticket.ID, ActionCancel, "sara", once, Op{}, t0); err != nil {
		t.Fatal(err)
	}

	// One transferred and, the phoneless A-004 waiting: A-005
	// (remote) would have 4 ahead.
	near := turnsNear(t, s)
	if got := numbers(near); !slices.Equal(got, []string{"A-002", "A-003"}) {
		t.Fatalf("turns near %v, want A-002 and A-003", got)
	}
	for _, n := range near {
		if n.Ticket == w1.Ticket.ID && (n.Phone != "+966500000001" || n.Lang != "en") {
			t.Errorf("A-002 to %s in %s, want the case's phone and language", n.Phone, n.Lang)
		}
	}
	if again := turnsNear(t, s); len(again) != 0 {
		t.Fatalf("asked again: %v, want nobody told twice", numbers(again))
	}

	// A call brings A-006 and the remote A-005 within 3.
	if _, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0.Add(8*time.Minute)); err != nil {
		t.Fatal(err)
	}
	near = turnsNear(t, s)
	if got := numbers(near); !slices.Equal(got, []string{"A-005", "A-006"}) {
		t.Fatalf("after a call: turns near %v, want A-005 and A-006", got)
	}

	// Checked in, the remote ticket is waiting and near, but was told.
	if _, err := s.CheckIn(ctx, branch, r.Ticket.ID, "2026-11-28", "kiosk-1", t0.Add(9*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if again := turnsNear(t, s); len(again) != 0 {
		t.Fatalf("after check-in: %v, want nobody", numbers(again))
	}
	// The told remote ticket left the day's remote index; the cancelled one
	// leaves it, untold, once the queue reaches it.
	index := "{b:qatif}:day:2026-11-28:turn_near:remote"
	if ids := srv.Client().ZRange(ctx, index, 0, -1).Val(); !slices.Equal(ids, []string{gone.Ticket.ID}) {
		t.Errorf("remote index %v, want only the cancelled %s", ids, gone.Ticket.ID)
	}
	near, err := s.TurnsNear(ctx, branch, "2026-11-28", 10)
	if err != nil || !slices.Equal(numbers(near), []string{"A-007"}) {
		t.Errorf("within 10: %v %v, want A-007 alone", numbers(near), err)
	}
	if n := srv.Client().ZCard(ctx, index).Val(); n != 0 {
		t.Errorf("remote index holds %d tickets, want none", n)
	}
}

func TestTurnsNearAskedTwiceAtOnceTellsOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	for i := range 6 {
		issueWith(t, s, "+96650000000"+string(rune('0'+i)), "ar", false, t0.Add(time.Duration(i)*time.Minute))
	}
	var mu sync.Mutex
	var all []TurnNear
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			near, err := s.TurnsNear(ctx, branch, "2026-11-28", 3)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			all = append(all, near...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if got := numbers(all); !slices.Equal(got, []string{"A-001", "A-002", "A-003", "A-004"}) {
		t.Fatalf("told %v, want A-001 to A-004 once each", got)
	}
}
