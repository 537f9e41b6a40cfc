package store

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// With a replica to wait for, a ticket no replica confirmed is not
// acknowledged: the kiosk gets an error it retries, and the retry with the
// same request id, once the replica is back, gets the very same ticket.
func TestChangeNotConfirmedByAReplicaIsNotAcknowledged(t *testing.T) {
	s, primary := newStore(t)
	replica := redistest.Start(t).Client()
	ctx := context.Background()
	host, port, _ := net.SplitHostPort(primary.Addr)
	s.SetReplicaWait(ReplicaWait{Replicas: 1, Timeout: 300 * time.Millisecond})
	if err := primary.Client().ConfigSet(ctx, "repl-diskless-sync-delay", "0").Err(); err != nil {
		t.Fatal(err)
	}

	if err := replica.ReplicaOf(ctx, host, port).Err(); err != nil {
		t.Fatal(err)
	}
	confirmed := waitIssue(t, s, Op{Principal: "kiosk-1", RequestID: "r1"})

	// The replica stops following: nothing can be confirmed.
	if err := replica.ReplicaOf(ctx, "NO", "ONE").Err(); err != nil {
		t.Fatal(err)
	}
	op := Op{Principal: "kiosk-1", RequestID: "r2"}
	_, err := s.IssueTicket(ctx, issueOf(op))
	var pe *protocol.Error
	if !errors.Is(err, ErrNotReplicated) || errors.As(err, &pe) {
		t.Fatalf("issue with no replica: %v, want ErrNotReplicated (not a rule's error: the client retries)", err)
	}
	if err := replica.ReplicaOf(ctx, host, port).Err(); err != nil {
		t.Fatal(err)
	}
	retried := waitIssue(t, s, op)
	if retried.Ticket.Number != "A-002" || retried.Ticket.Number == confirmed.Ticket.Number {
		t.Fatalf("the retry got %s, want A-002: the first try's ticket", retried.Ticket.Number)
	}
	if again := waitIssue(t, s, Op{Principal: "kiosk-1", RequestID: "r3"}); again.Ticket.Number != "A-003" {
		t.Fatalf("next ticket %s, want A-003", again.Ticket.Number)
	}
}

func issueOf(op Op) Issue {
	return Issue{Branch: branch, Service: "road-defect", Lane: protocol.LaneNormal, CasePrefix: "QTF",
		Day: "2026-11-28", Year: "2026", Now: t0, Actor: "kiosk-1", Op: op}
}

// waitIssue issues until a replica confirms (it may still be syncing).
func waitIssue(t *testing.T, s *Store, op Op) Issued {
	t.Helper()
	var out Issued
	wait.Succeeds(t, 20*time.Second, "a replica to confirm a ticket", func() error {
		var err error
		out, err = s.IssueTicket(context.Background(), issueOf(op))
		if err != nil && !errors.Is(err, ErrNotReplicated) {
			t.Fatalf("issue ticket: %v", err)
		}
		return err
	})
	return out
}
