package store

import (
	"context"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
)

// On a Redis Cluster (3 masters, 3 replicas) the store is ready once its
// scripts are on the masters (the replicas never hold them), and tickets
// work, waiting for a replica as a Cluster hub does by default.
func TestReadyAndTicketsOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	s := New(c.Client())
	ctx := context.Background()
	if err := s.Ready(ctx); err == nil {
		t.Fatal("ready before the scripts were loaded")
	}
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("not ready on a cluster with the scripts on every master: %v", err)
	}
	// The replicas may still be making their first copy: retried until
	// one confirms, the ticket keeps its number.
	s.SetReplicaWait(ReplicaWait{Replicas: 1, Timeout: time.Second})
	op := Op{Principal: "kiosk-1", RequestID: "r1"}
	if got := waitIssue(t, s, op); got.Ticket.Number != "A-001" {
		t.Fatalf("first ticket %s", got.Ticket.Number)
	}
	if got := waitIssue(t, s, Op{Principal: "kiosk-1", RequestID: "r2"}); got.Ticket.Number != "A-002" {
		t.Fatalf("second ticket %s", got.Ticket.Number)
	}
}
