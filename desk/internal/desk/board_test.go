package desk

import (
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestBoardQueueOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	ticket := func(id string, lane protocol.Lane, minutes int, desk string) protocol.Ticket {
		return protocol.Ticket{ID: id, Number: id, Lane: lane, State: protocol.TicketWaiting, Desk: desk, IssuedAt: t0.Add(time.Duration(minutes) * time.Minute)}
	}
	b := newBoard(15 * time.Minute)
	b.Reset(protocol.Snapshot{WaitingCount: 4, Waiting: []protocol.Ticket{
		ticket("A-001", protocol.LaneNormal, 0, ""),
		ticket("A-002", protocol.LaneNormal, 10, ""),
		ticket("P-001", protocol.LanePriority, 20, ""), // counts as 08:05
		ticket("A-003", protocol.LaneNormal, 30, "1"),  // transferred to desk 1
		ticket("A-004", protocol.LaneNormal, 31, "2"),  // transferred to desk 2
	}})
	q := b.Queue("1", "", t0.Add(40*time.Minute), 10)
	var got []string
	for _, t := range q.Next {
		got = append(got, t.Number)
	}
	if want := "A-003 A-001 P-001 A-002"; join(got) != want {
		t.Fatalf("next for desk 1: %s, want %s", join(got), want)
	}
	if q.LongestWait != 40*60 || !q.Synced {
		t.Fatalf("queue %+v", q)
	}
	// A-001 is called to desk 2: it leaves the queue and sits at the desk.
	called := ticket("A-001", protocol.LaneNormal, 0, "2")
	called.State = protocol.TicketCalled
	b.Apply(protocol.Event{Type: protocol.EventTicketCalled, Ticket: &called, Waiting: 3})
	q = b.Queue("1", "", t0.Add(40*time.Minute), 2)
	if q.Waiting != 3 || len(q.Next) != 2 || q.Next[1].Number != "P-001" || q.LongestWait != 30*60 {
		t.Fatalf("after a call: %+v", q)
	}
	if at, ok := b.AtDesk("2"); !ok || at.Number != "A-001" {
		t.Fatalf("desk 2 has %+v", at)
	}
}

func join(s []string) string { return strings.Join(s, " ") }

// Synced is the signal the app waits on before it resumes a desk: closed
// by the first snapshot, and only once however many follow.
func TestBoardSyncedOnTheFirstSnapshot(t *testing.T) {
	b := newBoard(time.Minute)
	select {
	case <-b.Synced():
		t.Fatal("synced before any snapshot")
	default:
	}
	b.Reset(protocol.Snapshot{})
	b.Reset(protocol.Snapshot{})
	select {
	case <-b.Synced():
	default:
		t.Fatal("not synced after a snapshot")
	}
}
