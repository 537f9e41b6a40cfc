package store

import (
	"context"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func issueRemote(t *testing.T, s *Store, phone string, at time.Time, limit int) (Issued, error) {
	t.Helper()
	return s.IssueTicket(context.Background(), Issue{
		Branch: branch, Service: "road-defect", Category: "complaint", Lane: protocol.LaneNormal,
		Phone: phone, Lang: "ar", Channel: "online", CasePrefix: "QTF",
		AccessCode: "7KQ2M-XD9PA", PriorityCredit: 15 * time.Minute, Day: "2026-11-28", Year: "2026",
		Now: at, Actor: "citizen", Remote: true, RemoteLimit: limit,
	})
}

func TestRemoteTicketKeepsItsPlaceAndIsNotCalledBeforeCheckIn(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	a1 := issue(t, s, protocol.LaneNormal, t0, Op{})
	remote, err := issueRemote(t, s, "+966500000001", t0.Add(time.Minute), 1)
	if err != nil {
		t.Fatal(err)
	}
	if remote.Ticket.Number != "A-002" || remote.Ticket.State != protocol.TicketRemote || remote.Ahead != 1 {
		t.Fatalf("remote ticket %+v ahead %d, want A-002 remote with 1 ahead", remote.Ticket, remote.Ahead)
	}
	a3 := issue(t, s, protocol.LaneNormal, t0.Add(2*time.Minute), Op{})
	if a3.Ahead != 1 {
		t.Fatalf("a walk-in after the remote ticket has %d ahead, want 1 (the remote visitor is not here)", a3.Ahead)
	}

	// Nobody calls a visitor who is not in the building.
	openDesk(t, s, "1", "sara")
	got, err := s.CallNext(ctx, branch, "1", "sara", Op{}, t0.Add(3*time.Minute))
	if err != nil || got.ID != a1.Ticket.ID {
		t.Fatalf("first call: %v %v, want %s", got.ID, err, a1.Ticket.ID)
	}
	if n, err := s.RemoteAhead(ctx, branch, remote.Ticket.ID); err != nil || n != 0 {
		t.Fatalf("remote ahead = %d, %v; want 0 (A-003 arrived later)", n, err)
	}

	// Checked in, it goes before A-003, who arrived after it was taken.
	in, err := s.CheckIn(ctx, branch, remote.Ticket.ID, "2026-11-28", "kiosk-1", t0.Add(4*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if in.Ticket.State != protocol.TicketWaiting || in.Ahead != 0 {
		t.Fatalf("checked in: %+v ahead %d", in.Ticket, in.Ahead)
	}
	again, err := s.CheckIn(ctx, branch, remote.Ticket.ID, "2026-11-28", "kiosk-1", t0.Add(5*time.Minute))
	if err != nil || again.Ticket.State != protocol.TicketWaiting || again.Ahead != 0 {
		t.Fatalf("second check-in: %+v %v", again, err)
	}
	if _, err := s.ActOnTicket(ctx, branch, a1.Ticket.ID, ActionServe, "sara", once, Op{}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActOnTicket(ctx, branch, a1.Ticket.ID, ActionComplete, "sara", once, Op{}, t0); err != nil {
		t.Fatal(err)
	}
	got, err = s.CallNext(ctx, branch, "1", "sara", Op{}, t0.Add(6*time.Minute))
	if err != nil || got.ID != remote.Ticket.ID {
		t.Fatalf("second call: %v %v, want the remote ticket", got.ID, err)
	}
	// Once called, the ticket can no longer be checked in.
	_, err = s.CheckIn(ctx, branch, remote.Ticket.ID, "2026-11-28", "kiosk-1", t0.Add(7*time.Minute))
	wantCode(t, err, protocol.CodeInvalidState)

	// A walk-in ticket cannot be checked in.
	_, err = s.CheckIn(ctx, branch, a3.Ticket.ID, "2026-11-28", "kiosk-1", t0)
	wantCode(t, err, protocol.CodeInvalidState)
	_, err = s.CheckIn(ctx, branch, "qatif-20261128-A999", "2026-11-28", "kiosk-1", t0)
	wantCode(t, err, protocol.CodeNotFound)
}

func TestRemoteTicketsPerPhoneAreLimited(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	first, err := issueRemote(t, s, "+966500000001", t0, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = issueRemote(t, s, "+966500000001", t0.Add(time.Minute), 1)
	wantCode(t, err, protocol.CodeRateLimited)
	if _, err := issueRemote(t, s, "+966500000002", t0.Add(time.Minute), 1); err != nil {
		t.Fatalf("another number: %v", err)
	}
	// Checked in, the ticket is still active; once cancelled, it is not.
	if _, err := s.CheckIn(ctx, branch, first.Ticket.ID, "2026-11-28", "kiosk-1", t0); err != nil {
		t.Fatal(err)
	}
	_, err = issueRemote(t, s, "+966500000001", t0.Add(2*time.Minute), 1)
	wantCode(t, err, protocol.CodeRateLimited)
	if _, err := s.ActOnTicket(ctx, branch, first.Ticket.ID, ActionCancel, "citizen", Recalls{}, Op{}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := issueRemote(t, s, "+966500000001", t0.Add(3*time.Minute), 1); err != nil {
		t.Fatalf("after cancelling: %v", err)
	}
	// A higher limit allows more; a remote ticket needs a number.
	if _, err := issueRemote(t, s, "+966500000001", t0.Add(4*time.Minute), 2); err != nil {
		t.Fatalf("limit 2: %v", err)
	}
	_, err = issueRemote(t, s, "", t0, 1)
	wantCode(t, err, protocol.CodeBadRequest)
}

func TestRemoteTicketCancelledBeforeCheckIn(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	remote, err := issueRemote(t, s, "+966500000001", t0, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ActOnTicket(ctx, branch, remote.Ticket.ID, ActionCancel, "citizen", Recalls{}, Op{}, t0)
	if err != nil || got.State != protocol.TicketCancelled {
		t.Fatalf("cancel: %+v %v", got, err)
	}
	_, err = s.CheckIn(ctx, branch, remote.Ticket.ID, "2026-11-28", "kiosk-1", t0)
	wantCode(t, err, protocol.CodeInvalidState)
}

func TestRemoteTicketOfAPastDayCannotCheckIn(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	remote, err := issueRemote(t, s, "+966500000001", t0, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CheckIn(ctx, branch, remote.Ticket.ID, "2026-11-29", "kiosk-1", t0.Add(24*time.Hour))
	wantCode(t, err, protocol.CodeInvalidState)
	tk, err := s.Ticket(ctx, branch, remote.Ticket.ID)
	if err != nil || tk.State != protocol.TicketRemote {
		t.Fatalf("after a refused check-in: %+v %v", tk, err)
	}
	if n, err := s.rdb.ZCard(ctx, keyWaiting(branch)).Result(); err != nil || n != 0 {
		t.Fatalf("waiting = %d, %v", n, err)
	}
}
