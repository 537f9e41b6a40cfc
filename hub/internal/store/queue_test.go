package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const branch = "qatif"

var t0 = time.Date(2026, 11, 28, 7, 30, 0, 0, time.UTC) // 10:30 in Riyadh

// once is the loosest recall rule: no wait, a no-show after one call.
var once = Recalls{NoShowAfter: 1}

func newStore(t *testing.T) (*Store, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t)
	s := New(srv.Client())
	if err := s.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, srv
}

func issue(t *testing.T, s *Store, lane protocol.Lane, at time.Time, op Op) protocol.IssuedTicket {
	t.Helper()
	out, err := s.IssueTicket(context.Background(), Issue{
		Branch: branch, Service: "road-defect", Category: "complaint", Lane: lane,
		Phone: "+966501234567", Lang: "ar", Channel: "walk_in", CasePrefix: "QTF",
		AccessCode: "7KQ2M-XD9PA", PriorityCredit: 15 * time.Minute, Day: "2026-11-28", Year: "2026",
		Now: at, Actor: "kiosk-1", Op: op,
	})
	if err != nil {
		t.Fatalf("issue ticket: %v", err)
	}
	return out.IssuedTicket
}

func openDesk(t *testing.T, s *Store, desk, officer string) {
	t.Helper()
	if _, err := s.SetDesk(context.Background(), branch, desk, DeskActionOpen, officer, "Officer "+officer, "", Op{}, t0); err != nil {
		t.Fatalf("open desk %s: %v", desk, err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var pe *protocol.Error
	if !errors.As(err, &pe) || pe.Code != code {
		t.Fatalf("got error %v, want code %s", err, code)
	}
	if pe.Message == "" || pe.MessageAr == "" {
		t.Fatalf("error %v lacks an English or Arabic message", pe)
	}
}

func TestIssueNumbersTicketsAndCasesPerLane(t *testing.T) {
	s, _ := newStore(t)
	a1 := issue(t, s, protocol.LaneNormal, t0, Op{})
	a2 := issue(t, s, protocol.LaneNormal, t0.Add(time.Minute), Op{})
	p1 := issue(t, s, protocol.LanePriority, t0.Add(2*time.Minute), Op{})

	for _, c := range []struct {
		got        protocol.IssuedTicket
		number, id string
		caseNo     string
		ahead      int
	}{
		{a1, "A-001", "qatif-20261128-", "QTF-2026-000001", 0},
		{a2, "A-002", "qatif-20261128-", "QTF-2026-000002", 1},
		// The priority ticket counts as arriving 15 minutes earlier: first in line.
		{p1, "P-001", "qatif-20261128-", "QTF-2026-000003", 0},
	} {
		// The id is the branch, the day and a random part, never the number.
		if c.got.Ticket.Number != c.number || !strings.HasPrefix(c.got.Ticket.ID, c.id) || len(c.got.Ticket.ID) != len(c.id)+10 ||
			c.got.Case != c.caseNo || c.got.Ahead != c.ahead {
			t.Errorf("got %s %s %s ahead %d, want %s %s %s ahead %d", c.got.Ticket.Number, c.got.Ticket.ID,
				c.got.Case, c.got.Ahead, c.number, c.id, c.caseNo, c.ahead)
		}
		if c.got.Ticket.State != protocol.TicketWaiting || c.got.AccessCode != "7KQ2M-XD9PA" || c.got.Ticket.IssuedAt.IsZero() {
			t.Errorf("ticket %+v", c.got)
		}
	}
}

func TestPriorityCreditBoundsHowLongOrdinaryVisitorsWait(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	openDesk(t, s, "1", "sara")
	normal := issue(t, s, protocol.LaneNormal, t0, Op{})
	// Within the credit a priority visitor goes first…
	early := issue(t, s, protocol.LanePriority, t0.Add(10*time.Minute), Op{})
	// …but one arriving later than the credit never overtakes the early ordinary visitor.
	late := issue(t, s, protocol.LanePriority, t0.Add(20*time.Minute), Op{})

	var order []string
	for range 3 {
		tk, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0.Add(30*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		order = append(order, tk.Number)
		if _, err := s.ActOnTicket(ctx, branch, tk.ID, ActionNoShow, "sara", once, Op{}, t0); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{early.Ticket.Number, normal.Ticket.Number, late.Ticket.Number}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("called %v, want %v", order, want)
	}
}

func TestVisitLifecycleAndRefusals(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()

	_, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0)
	wantCode(t, err, protocol.CodeInvalidState) // desk not open
	openDesk(t, s, "1", "sara")
	_, err = s.CallNext(ctx, branch, "1", "sara", Op{}, t0)
	wantCode(t, err, protocol.CodeQueueEmpty)
	_, err = s.SetDesk(ctx, branch, "1", DeskActionOpen, "omar", "Omar", "", Op{}, t0)
	wantCode(t, err, protocol.CodeDeskTaken)
	if pe := (*protocol.Error)(nil); !errors.As(err, &pe) || pe.Holder != "Officer sara" || !strings.Contains(pe.Message, "Officer sara") {
		t.Fatalf("desk_taken names %q (%q), want the holder Officer sara", pe.Holder, pe.Message)
	}

	tk := issue(t, s, protocol.LaneNormal, t0, Op{}).Ticket
	called, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0.Add(time.Minute))
	if err != nil || called.ID != tk.ID || called.State != protocol.TicketCalled || called.Desk != "1" || called.Calls != 1 {
		t.Fatalf("call next: %+v %v", called, err)
	}
	_, err = s.CallNext(ctx, branch, "1", "sara", Op{}, t0)
	wantCode(t, err, protocol.CodeDeskBusy)
	_, err = s.ActOnTicket(ctx, branch, tk.ID, ActionComplete, "sara", once, Op{}, t0)
	wantCode(t, err, protocol.CodeInvalidState) // not serving yet
	_, err = s.ActOnTicket(ctx, branch, tk.ID, ActionServe, "omar", once, Op{}, t0)
	wantCode(t, err, protocol.CodeForbidden) // not omar's desk
	_, err = s.ActOnTicket(ctx, branch, tk.ID, ActionNoShow, "sara", Recalls{NoShowAfter: 2}, Op{}, t0)
	wantCode(t, err, protocol.CodeInvalidState) // recall first

	// A recall waits for the branch's delay after the call.
	patient := Recalls{Delay: 20 * time.Second, NoShowAfter: 2}
	_, err = s.ActOnTicket(ctx, branch, tk.ID, ActionRecall, "sara", patient, Op{}, t0.Add(time.Minute+10*time.Second))
	wantCode(t, err, protocol.CodeInvalidState)
	re, err := s.ActOnTicket(ctx, branch, tk.ID, ActionRecall, "sara", patient, Op{}, t0.Add(time.Minute+25*time.Second))
	if err != nil || re.Calls != 2 || re.CalledAt == nil || !re.CalledAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("recall: %+v %v; want 2 calls, called_at still the first call", re, err)
	}
	_, err = s.ActOnTicket(ctx, branch, tk.ID, ActionRecall, "sara", patient, Op{}, t0.Add(time.Minute+30*time.Second))
	wantCode(t, err, protocol.CodeInvalidState) // counted from the recall, not the first call
	sv, err := s.ActOnTicket(ctx, branch, tk.ID, ActionServe, "sara", once, Op{}, t0)
	if err != nil || sv.State != protocol.TicketServing || sv.ServedAt == nil {
		t.Fatalf("serve: %+v %v", sv, err)
	}
	_, err = s.SetDesk(ctx, branch, "1", DeskActionClose, "sara", "", "", Op{}, t0)
	wantCode(t, err, protocol.CodeDeskBusy)
	dn, err := s.ActOnTicket(ctx, branch, tk.ID, ActionComplete, "sara", once, Op{}, t0)
	if err != nil || dn.State != protocol.TicketDone || dn.EndedAt == nil {
		t.Fatalf("complete: %+v %v", dn, err)
	}
	_, err = s.ActOnTicket(ctx, branch, tk.ID, ActionCancel, "kiosk-1", once, Op{}, t0)
	wantCode(t, err, protocol.CodeInvalidState)
	_, err = s.ActOnTicket(ctx, branch, "qatif-20261128-A999", ActionServe, "sara", once, Op{}, t0)
	wantCode(t, err, protocol.CodeNotFound)

	if d, err := s.SetDesk(ctx, branch, "1", DeskActionClose, "sara", "", "", Op{}, t0); err != nil || d.State != protocol.DeskClosed || d.Officer != "" {
		t.Fatalf("close desk: %+v %v", d, err)
	}
	// Serving recorded the visit on the case's timeline.
	n, err := s.rdb.LLen(ctx, keyTimeline(branch, "QTF-2026-000001")).Result()
	if err != nil || n != 2 {
		t.Fatalf("case timeline has %d entries (%v), want opened + served", n, err)
	}
}

func TestTransferKeepsNumberAndPlace(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	openDesk(t, s, "1", "sara")
	openDesk(t, s, "2", "omar")
	first := issue(t, s, protocol.LaneNormal, t0, Op{}).Ticket
	second := issue(t, s, protocol.LaneNormal, t0.Add(time.Minute), Op{}).Ticket

	if _, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0); err != nil {
		t.Fatal(err)
	}
	moved, err := s.Transfer(ctx, branch, first.ID, "2", "", "needs a surveyor", "sara", Op{}, t0)
	if err != nil || moved.Number != first.Number || moved.State != protocol.TicketWaiting || moved.Desk != "2" {
		t.Fatalf("transfer: %+v %v", moved, err)
	}
	// Desk 1 is free and gets the next in the shared queue, not the transfer.
	next1, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0)
	if err != nil || next1.ID != second.ID {
		t.Fatalf("desk 1 called %+v %v, want %s", next1, err, second.Number)
	}
	next2, err := s.CallNext(ctx, branch, "2", "omar", Op{}, t0)
	if err != nil || next2.ID != first.ID || next2.Number != "A-001" {
		t.Fatalf("desk 2 called %+v %v, want the transferred A-001", next2, err)
	}
	// Back to the shared queue: it keeps its place ahead of later arrivals.
	later := issue(t, s, protocol.LaneNormal, t0.Add(5*time.Minute), Op{}).Ticket
	if _, err := s.Transfer(ctx, branch, first.ID, "", "", "", "omar", Op{}, t0); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx, branch, "2026-11-28", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Waiting) != 2 || snap.Waiting[0].ID != first.ID || snap.Waiting[1].ID != later.ID {
		t.Fatalf("waiting %+v, want A-001 then %s", snap.Waiting, later.Number)
	}
	// A-001 was called twice (desk 1, then desk 2): it is listed once among
	// the recent calls, with its latest call.
	if len(snap.Recent) != 2 || snap.Recent[0].ID != first.ID || snap.Recent[1].ID != second.ID {
		t.Fatalf("recent calls %+v", snap.Recent)
	}
}

func TestRetriedRequestsActOnce(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	op := Op{Principal: "kiosk-1", RequestID: "r-1"}
	a := issue(t, s, protocol.LaneNormal, t0, op)
	b := issue(t, s, protocol.LaneNormal, t0.Add(time.Second), op)
	if a.Ticket.ID != b.Ticket.ID || a.Case != b.Case {
		t.Fatalf("retry gave a second ticket: %s then %s", a.Ticket.ID, b.Ticket.ID)
	}
	// Another principal's request with the same id is another request.
	c := issue(t, s, protocol.LaneNormal, t0, Op{Principal: "kiosk-2", RequestID: "r-1"})
	if c.Ticket.ID == a.Ticket.ID {
		t.Fatal("request ids are not scoped per principal")
	}
	// The same id for a different request is refused, not answered with the old reply.
	_, err := s.IssueTicket(ctx, Issue{Branch: branch, Service: "street-lighting", Lane: protocol.LaneNormal,
		CasePrefix: "QTF", Day: "2026-11-28", Year: "2026", Now: t0, Op: op})
	wantCode(t, err, protocol.CodeConflict)

	openDesk(t, s, "1", "sara")
	callOp := Op{Principal: "sara", RequestID: "c-1"}
	x, err1 := s.CallNext(ctx, branch, "1", "sara", callOp, t0)
	y, err2 := s.CallNext(ctx, branch, "1", "sara", callOp, t0)
	if err1 != nil || err2 != nil || x.ID != y.ID {
		t.Fatalf("retried call next: %v %v %s %s", err1, err2, x.ID, y.ID)
	}
}

func TestEventsAreContiguousAndMatchTheSnapshot(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if err := s.Reconcile(ctx, branch, "2026-11-28", "2026"); err != nil {
		t.Fatal(err)
	}
	openDesk(t, s, "1", "sara")
	issue(t, s, protocol.LaneNormal, t0, Op{})
	issue(t, s, protocol.LaneNormal, t0, Op{})
	called, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.EventsAfter(ctx, branch, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []string{protocol.EventDeskChanged, protocol.EventTicketIssued, protocol.EventTicketIssued, protocol.EventTicketCalled}
	if len(events) != len(wantTypes) {
		t.Fatalf("%d events, want %d", len(events), len(wantTypes))
	}
	pos, _ := s.Position(ctx, branch)
	for i, ev := range events {
		if ev.Offset != int64(i+1) || ev.Type != wantTypes[i] || ev.Epoch != pos.Epoch || ev.Branch != branch || ev.At.IsZero() {
			t.Errorf("event %d: %+v", i, ev)
		}
	}
	last := events[3]
	if last.Ticket.ID != called.ID || last.Desk.Ticket != called.ID || last.Waiting != 1 {
		t.Errorf("call event %+v", last)
	}
	snap, err := s.Snapshot(ctx, branch, "2026-11-28", t0)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Position != pos || pos.Offset != 4 || len(snap.Waiting) != 1 || len(snap.Desks) != 1 ||
		len(snap.Recent) != 1 || snap.Recent[0].ID != called.ID {
		t.Fatalf("snapshot %+v at %+v", snap, pos)
	}
	for _, ev := range events {
		if ev.Ticket != nil && (ev.Ticket.Case == "" || ev.Ticket.Number == "") {
			t.Errorf("event ticket incomplete: %+v", ev.Ticket)
		}
	}
}

// Two desks calling next at once, 10,000 times: every ticket is served by
// exactly one desk and none is lost.
func TestConcurrentCallNextServesEachTicketOnce(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	const n = 10_000
	issued := map[string]bool{}
	for i := range n {
		tk := issue(t, s, protocol.LaneNormal, t0.Add(time.Duration(i)*time.Millisecond), Op{})
		issued[tk.Ticket.ID] = true
	}
	if len(issued) != n {
		t.Fatalf("%d distinct tickets for %d issues", len(issued), n)
	}
	desks := map[string]string{"1": "sara", "2": "omar"}
	served := make(chan string, n)
	var wg sync.WaitGroup
	for desk, officer := range desks {
		openDesk(t, s, desk, officer)
		wg.Go(func() {
			for {
				tk, err := s.CallNext(ctx, branch, desk, officer, Op{}, t0)
				if errors.Is(err, &protocol.Error{Code: protocol.CodeQueueEmpty}) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := s.ActOnTicket(ctx, branch, tk.ID, ActionServe, officer, once, Op{}, t0); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.ActOnTicket(ctx, branch, tk.ID, ActionComplete, officer, once, Op{}, t0); err != nil {
					t.Error(err)
					return
				}
				served <- tk.ID
			}
		})
	}
	wg.Wait()
	close(served)
	seen := map[string]bool{}
	for id := range served {
		if seen[id] {
			t.Fatalf("ticket %s served twice", id)
		}
		seen[id] = true
	}
	if len(seen) != n {
		t.Fatalf("served %d of %d tickets", len(seen), n)
	}
}

func TestNumbersNeverReusedAfterRedisRestartOrLostCounters(t *testing.T) {
	s, srv := newStore(t)
	ctx := context.Background()
	issue(t, s, protocol.LaneNormal, t0, Op{})
	issue(t, s, protocol.LaneNormal, t0, Op{})
	srv.Restart() // SIGKILL, then reload the AOF
	s = New(srv.Client())
	if got := issue(t, s, protocol.LaneNormal, t0, Op{}); got.Ticket.Number != "A-003" || got.Case != "QTF-2026-000003" {
		t.Fatalf("after restart got %s %s", got.Ticket.Number, got.Case)
	}
	// A failover may lose counters that the data outlived: reconciliation
	// raises them to what exists.
	if err := s.rdb.Del(ctx, keyDaySeq(branch, "2026-11-28"), keyCaseSeq(branch, "2026"), keyOffset(branch)).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.Reconcile(ctx, branch, "2026-11-28", "2026"); err != nil {
		t.Fatal(err)
	}
	if got := issue(t, s, protocol.LaneNormal, t0, Op{}); got.Ticket.Number != "A-004" || got.Case != "QTF-2026-000004" {
		t.Fatalf("after reconcile got %s %s", got.Ticket.Number, got.Case)
	}
	pos, _ := s.Position(ctx, branch)
	if pos.Offset != 4 {
		t.Fatalf("offset %d after reconcile, want 4 (events continue)", pos.Offset)
	}
	// A new day starts again at 001 without touching yesterday's tickets.
	next, err := s.IssueTicket(ctx, Issue{Branch: branch, Service: "road-defect", Lane: protocol.LaneNormal,
		CasePrefix: "QTF", Day: "2026-11-29", Year: "2026", Now: t0.Add(24 * time.Hour)})
	if err != nil || next.Ticket.Number != "A-001" || !strings.HasPrefix(next.Ticket.ID, "qatif-20261129-") || next.Case != "QTF-2026-000005" {
		t.Fatalf("next day: %+v %v", next, err)
	}
}

// A snapshot lists the next tickets, not an unbounded tail, and counts all.
func TestSnapshotListsTheFirstWaitingAndCountsAll(t *testing.T) {
	s, _ := newStore(t)
	first := issue(t, s, protocol.LaneNormal, t0, Op{})
	for i := range SnapshotWaiting + 4 {
		issue(t, s, protocol.LaneNormal, t0.Add(time.Duration(i+1)*time.Second), Op{})
	}
	snap, err := s.Snapshot(context.Background(), branch, "2026-11-28", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Waiting) != SnapshotWaiting || snap.WaitingCount != SnapshotWaiting+5 || snap.Waiting[0].ID != first.Ticket.ID {
		t.Fatalf("snapshot lists %d, counts %d, first %s", len(snap.Waiting), snap.WaitingCount, snap.Waiting[0].ID)
	}
}

// callAndServe calls the next ticket to a desk and starts serving it.
func callAndServe(t *testing.T, s *Store, desk, officer string) protocol.Ticket {
	t.Helper()
	ctx := context.Background()
	tk, err := s.CallNext(ctx, branch, desk, officer, Op{}, t0)
	if err != nil {
		t.Fatalf("desk %s call next: %v", desk, err)
	}
	if tk, err = s.ActOnTicket(ctx, branch, tk.ID, ActionServe, officer, once, Op{}, t0); err != nil {
		t.Fatalf("serve %s: %v", tk.Number, err)
	}
	return tk
}

func TestParkAndResume(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	openDesk(t, s, "1", "sara")
	openDesk(t, s, "2", "omar")
	first := issue(t, s, protocol.LaneNormal, t0, Op{}).Ticket
	second := issue(t, s, protocol.LaneNormal, t0.Add(time.Minute), Op{}).Ticket
	callAndServe(t, s, "1", "sara")

	_, err := s.ActOnTicket(ctx, branch, first.ID, ActionPark, "omar", once, Op{}, t0)
	wantCode(t, err, protocol.CodeForbidden) // not omar's visitor
	parked, err := s.ActOnTicket(ctx, branch, first.ID, ActionPark, "sara", once, Op{}, t0.Add(2*time.Minute))
	if err != nil || parked.State != protocol.TicketParked || parked.Desk != "1" || parked.ParkedAt == nil {
		t.Fatalf("park: %+v %v", parked, err)
	}
	snap, err := s.Snapshot(ctx, branch, "2026-11-28", t0)
	if err != nil {
		t.Fatal(err)
	}
	// Parked is not waiting: nobody else can call it, and it is not counted.
	if snap.WaitingCount != 1 || len(snap.Waiting) != 1 || snap.Waiting[0].ID != second.ID {
		t.Fatalf("waiting %d %+v, want only %s", snap.WaitingCount, snap.Waiting, second.Number)
	}
	if len(snap.Parked) != 1 || snap.Parked[0].ID != first.ID || snap.Parked[0].State != protocol.TicketParked {
		t.Fatalf("parked %+v, want %s", snap.Parked, first.Number)
	}
	_, err = s.SetDesk(ctx, branch, "1", DeskActionClose, "sara", "", "", Op{}, t0)
	wantCode(t, err, protocol.CodeDeskBusy) // a parked visitor would be stranded

	// The desk is free: it serves the next visitor meanwhile.
	other := callAndServe(t, s, "1", "sara")
	if other.ID != second.ID {
		t.Fatalf("desk 1 called %s while A-001 is parked, want %s", other.Number, second.Number)
	}
	_, err = s.ActOnTicket(ctx, branch, first.ID, ActionResume, "sara", once, Op{}, t0)
	wantCode(t, err, protocol.CodeDeskBusy)
	if _, err := s.ActOnTicket(ctx, branch, second.ID, ActionComplete, "sara", once, Op{}, t0); err != nil {
		t.Fatal(err)
	}
	_, err = s.ActOnTicket(ctx, branch, first.ID, ActionResume, "omar", once, Op{}, t0)
	wantCode(t, err, protocol.CodeForbidden) // another desk's visitor
	_, err = s.ActOnTicket(ctx, branch, second.ID, ActionResume, "sara", once, Op{}, t0)
	wantCode(t, err, protocol.CodeInvalidState) // never parked

	resumed, err := s.ActOnTicket(ctx, branch, first.ID, ActionResume, "sara", once, Op{}, t0.Add(9*time.Minute))
	if err != nil || resumed.State != protocol.TicketServing || resumed.ParkedAt != nil || resumed.Number != first.Number {
		t.Fatalf("resume: %+v %v", resumed, err)
	}
	snap, err = s.Snapshot(ctx, branch, "2026-11-28", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Parked) != 0 || snap.Desks[0].Ticket != first.ID {
		t.Fatalf("after resume: parked %+v, desk 1 %+v", snap.Parked, snap.Desks[0])
	}
	evs, err := s.EventsAfter(ctx, branch, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range evs {
		if e.Ticket != nil && e.Ticket.ID == first.ID {
			types = append(types, e.Type)
		}
	}
	want := "ticket.issued ticket.called ticket.serving ticket.parked ticket.resumed"
	if got := strings.Join(types, " "); got != want {
		t.Fatalf("A-001's events: %s, want %s", got, want)
	}
}

func TestTransferToAnOfficer(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	openDesk(t, s, "1", "sara")
	openDesk(t, s, "2", "omar")
	first := issue(t, s, protocol.LaneNormal, t0, Op{}).Ticket
	second := issue(t, s, protocol.LaneNormal, t0.Add(time.Minute), Op{}).Ticket
	callAndServe(t, s, "1", "sara")

	_, err := s.Transfer(ctx, branch, first.ID, "", "sara", "", "sara", Op{}, t0)
	wantCode(t, err, protocol.CodeInvalidState) // to oneself
	moved, err := s.Transfer(ctx, branch, first.ID, "", "huda", "building permit", "sara", Op{}, t0)
	if err != nil || moved.State != protocol.TicketWaiting || moved.Officer != "huda" || moved.Desk != "" {
		t.Fatalf("transfer to huda: %+v %v", moved, err)
	}
	if n, err := s.Ahead(ctx, branch, moved); err != nil || n != 0 {
		t.Fatalf("ahead of the transfer: %d %v", n, err)
	}
	// Only huda calls it, at whichever desk she sits: omar gets the shared queue.
	if tk, err := s.CallNext(ctx, branch, "2", "omar", Op{}, t0); err != nil || tk.ID != second.ID {
		t.Fatalf("omar called %+v %v, want %s", tk, err, second.Number)
	}
	snap, err := s.Snapshot(ctx, branch, "2026-11-28", t0)
	if err != nil {
		t.Fatal(err)
	}
	if snap.WaitingCount != 1 || len(snap.Waiting) != 1 || snap.Waiting[0].Officer != "huda" || len(snap.Desks) != 2 {
		t.Fatalf("snapshot waiting %d %+v desks %+v", snap.WaitingCount, snap.Waiting, snap.Desks)
	}
	openDesk(t, s, "5", "huda")
	tk, err := s.CallNext(ctx, branch, "5", "huda", Op{}, t0)
	if err != nil || tk.ID != first.ID || tk.Desk != "5" || tk.Number != first.Number {
		t.Fatalf("huda called %+v %v, want %s at desk 5", tk, err, first.Number)
	}
}

// Two officers, and the kiosk's cancel, race over the same ticket: every
// transition happens at most once and the ticket ends in one consistent place.
func TestConcurrentActionsOnOneTicket(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	openDesk(t, s, "1", "sara")
	openDesk(t, s, "2", "omar")
	for round := range 50 {
		tk := issue(t, s, protocol.LaneNormal, t0.Add(time.Duration(round)*time.Second), Op{}).Ticket
		if _, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0); err != nil {
			t.Fatal(err)
		}
		steps := []func() error{
			func() error {
				_, err := s.ActOnTicket(ctx, branch, tk.ID, ActionServe, "sara", once, Op{}, t0)
				return err
			},
			func() error {
				_, err := s.ActOnTicket(ctx, branch, tk.ID, ActionServe, "omar", once, Op{}, t0)
				return err
			},
			func() error {
				_, err := s.ActOnTicket(ctx, branch, tk.ID, ActionNoShow, "sara", once, Op{}, t0)
				return err
			},
			func() error { _, err := s.Transfer(ctx, branch, tk.ID, "2", "", "", "sara", Op{}, t0); return err },
			func() error { _, err := s.Transfer(ctx, branch, tk.ID, "", "", "", "omar", Op{}, t0); return err },
		}
		ok := make([]bool, len(steps))
		var wg sync.WaitGroup
		for i, step := range steps {
			wg.Go(func() {
				err := step()
				var pe *protocol.Error
				if err != nil && !errors.As(err, &pe) {
					t.Error(err)
				}
				ok[i] = err == nil
			})
		}
		wg.Wait()
		if ok[1] || ok[4] {
			t.Fatalf("round %d: omar acted on sara's visitor", round)
		}
		got, err := s.Ticket(ctx, branch, tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Serve may follow the others only if it won first; no_show and
		// transfer end the call, so at most one of them wins.
		if ok[2] && ok[3] {
			t.Fatalf("round %d: both no-show and transfer happened", round)
		}
		inQueue, _ := s.rdb.ZScore(ctx, keyDeskQueue(branch, "2"), tk.ID).Result()
		desk1, _ := s.rdb.HGet(ctx, keyDesk(branch, "1"), "ticket").Result()
		switch got.State {
		case protocol.TicketWaiting:
			if !ok[3] || inQueue == 0 || desk1 != "" {
				t.Fatalf("round %d: waiting but transfer %v, queued %v, desk 1 holds %q", round, ok[3], inQueue, desk1)
			}
		case protocol.TicketNoShow:
			if !ok[2] || desk1 != "" {
				t.Fatalf("round %d: no-show but desk 1 holds %q", round, desk1)
			}
		case protocol.TicketServing:
			if !ok[0] || desk1 != tk.ID {
				t.Fatalf("round %d: serving but desk 1 holds %q", round, desk1)
			}
		default:
			t.Fatalf("round %d: ticket ended %s", round, got.State)
		}
		// Clear desk 1 for the next round.
		switch got.State {
		case protocol.TicketWaiting:
			s.rdb.ZRem(ctx, keyDeskQueue(branch, "2"), tk.ID)
		case protocol.TicketServing:
			if _, err := s.ActOnTicket(ctx, branch, tk.ID, ActionComplete, "sara", once, Op{}, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
}
