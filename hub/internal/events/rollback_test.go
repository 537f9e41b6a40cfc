package events

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// A failover that loses acknowledged writes, played here by the hub's
// Redis loading an older copy of its data from a replica that had stopped
// following it, under two running hubs: neither hands out a ticket or case
// number twice, even the hub that learnt of the lost tickets only from the
// live events, and every subscriber on both resyncs at once (no quiet-spell
// check runs).
func TestOlderDataUnderRunningHubsReusesNoNumberAndResyncs(t *testing.T) {
	primary, older := redistest.Start(t), redistest.Start(t)
	rdb, olderRDB := primary.Client(), older.Client()
	b1, st1 := newBroker(t, rdb)
	b2, st2 := newBroker(t, primary.Client())
	b1.check, b2.check = time.Hour, time.Hour
	ctx := context.Background()
	for _, c := range []*redis.Client{rdb, olderRDB} {
		if err := c.ConfigSet(ctx, "repl-diskless-sync-delay", "0").Err(); err != nil {
			t.Fatal(err)
		}
	}
	var subs []*subscriber
	for _, b := range []*Broker{b1, b2} {
		s := subscribe(t, b, nil)
		s.sub.Resume(position(t, st1))
		subs = append(subs, s)
	}
	numbers, cases := map[string]bool{}, map[string]bool{}
	issue := func(st *store.Store) {
		t.Helper()
		got, err := st.IssueTicket(ctx, store.Issue{Branch: branch, Service: "road-defect", Lane: protocol.LaneNormal,
			CasePrefix: "QTF", Day: "2026-11-28", Year: "2026", Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if numbers[got.Ticket.Number] || cases[got.Case] {
			t.Fatalf("ticket %s, case %s handed out again", got.Ticket.Number, got.Case)
		}
		numbers[got.Ticket.Number], cases[got.Case] = true, true
	}
	for range 5 {
		issue(st1)
	}
	// The older copy: a replica that stops following after five tickets.
	follow(t, olderRDB, primary.Addr)
	wait.Until(t, 20*time.Second, "the replica to hold 5 events", func() bool { return offsetOf(olderRDB) == 5 })
	if err := olderRDB.ReplicaOf(ctx, "NO", "ONE").Err(); err != nil {
		t.Fatal(err)
	}
	// Five more, acknowledged by hub 1 only; hub 2 sees their events.
	for range 5 {
		issue(st1)
	}
	for _, s := range subs {
		s.until(10)
	}

	// The hub's Redis goes back to the older copy.
	follow(t, rdb, older.Addr)
	wait.Until(t, 20*time.Second, "the older data to load", func() bool { return offsetOf(rdb) == 5 })
	if err := rdb.ReplicaOf(ctx, "NO", "ONE").Err(); err != nil {
		t.Fatal(err)
	}
	issue(st2)
	issue(st1)
	for _, s := range subs {
		s.expectResync()
	}
}

func follow(t *testing.T, rdb *redis.Client, addr string) {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	if err := rdb.ReplicaOf(context.Background(), host, port).Err(); err != nil {
		t.Fatal(err)
	}
}

func offsetOf(rdb *redis.Client) int {
	n, _ := rdb.Get(context.Background(), "{b:"+branch+"}:offset").Int()
	return n
}
