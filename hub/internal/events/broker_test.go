package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/events/eventstest"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const branch = "qtf"

func newBroker(t *testing.T, rdb redis.UniversalClient) (*Broker, *store.Store) {
	t.Helper()
	st := store.New(rdb)
	b := NewBroker(st, 0, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.check = 100 * time.Millisecond
	t.Cleanup(b.Close)
	return b, st
}

// subscriber drains an outbox as a connection's writer would.
type subscriber struct {
	t     *testing.T
	sub   *Subscription
	out   *Outbox
	woken chan struct{}
	got   []protocol.Event
}

func subscribe(t *testing.T, b *Broker, resume *protocol.Position) *subscriber {
	t.Helper()
	s := &subscriber{t: t, woken: make(chan struct{}, 1)}
	s.out = NewOutbox(func() { s.woken <- struct{}{} })
	var err error
	if s.sub, err = b.Subscribe(context.Background(), branch, resume, s.out); err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	t.Cleanup(s.sub.Close)
	return s
}

// take waits to be woken and takes until the outbox is idle again. It
// returns whether a snapshot was asked for.
func (s *subscriber) take() (snapshot bool, err error) {
	s.t.Helper()
	select {
	case <-s.woken:
	case <-time.After(10 * time.Second):
		s.t.Fatalf("not woken; %d events so far", len(s.got))
	}
	for {
		b := s.out.Take()
		for _, m := range b.Msgs {
			var msg protocol.Message
			if err := json.Unmarshal(m, &msg); err != nil || msg.Type != protocol.TypeEvent {
				s.t.Fatalf("bad message %s: %v", m, err)
			}
			s.got = append(s.got, *msg.Event)
		}
		snapshot = snapshot || b.Snapshot
		if b.End != nil || b.Idle() {
			return snapshot, b.End
		}
	}
}

// until reads events until the last one has offset last; it fails on a
// snapshot request or an outbox error.
func (s *subscriber) until(last int64) []protocol.Event {
	s.t.Helper()
	for len(s.got) == 0 || s.got[len(s.got)-1].Offset < last {
		if snapshot, err := s.take(); snapshot || err != nil {
			s.t.Fatalf("after %d events: snapshot %v, error %v", len(s.got), snapshot, err)
		}
	}
	return s.got
}

// expectResync waits for a snapshot request.
func (s *subscriber) expectResync() {
	s.t.Helper()
	for {
		snapshot, err := s.take()
		if err != nil {
			s.t.Fatal(err)
		}
		if snapshot {
			return
		}
	}
}

// offsets checks the events are exactly from..to, in order.
func offsets(t *testing.T, evs []protocol.Event, from, to int64) {
	t.Helper()
	if int64(len(evs)) != to-from+1 {
		t.Fatalf("got %d events, want offsets %d..%d", len(evs), from, to)
	}
	for i, ev := range evs {
		if ev.Offset != from+int64(i) {
			t.Fatalf("event %d has offset %d, want %d", i, ev.Offset, from+int64(i))
		}
	}
}

func position(t *testing.T, st *store.Store) protocol.Position {
	t.Helper()
	p, err := st.Position(context.Background(), branch)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Subscribers joining while events are appended get the backlog and then
// the live events with no gap and no duplicate.
func TestBacklogThenLiveWhileAppending(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 20)
	const total = 400

	appended := make(chan error, 1)
	go func() {
		for range total - 20 {
			if _, err := eventstest.AppendErr(context.Background(), rdb, branch, protocol.EventTicketCalled); err != nil {
				appended <- err
				return
			}
		}
		appended <- nil
	}()

	var subs []*subscriber
	var starts []int64
	for i := range 8 {
		pos := position(t, st)
		pos.Offset -= int64(i * 2) // each a little behind
		s := subscribe(t, b, &pos)
		if !s.sub.Recovered() {
			t.Fatalf("subscriber %d at %v not recovered", i, pos)
		}
		s.sub.Resume(pos)
		subs = append(subs, s)
		starts = append(starts, pos.Offset+1)
		time.Sleep(5 * time.Millisecond) // on purpose: each joins while the appends go on
	}
	if err := <-appended; err != nil {
		t.Fatal(err)
	}
	for i, s := range subs {
		offsets(t, s.until(total), starts[i], total)
	}
}

func TestResume(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 30)
	now := position(t, st)
	// The broker's tailer starts with the first subscriber; one that stays
	// keeps it running between the cases.
	subscribe(t, b, nil)

	for _, c := range []struct {
		name      string
		resume    *protocol.Position
		recovered bool
	}{
		{"no resume", nil, false},
		{"current epoch", &protocol.Position{Epoch: now.Epoch, Offset: 25}, true},
		{"up to date", &protocol.Position{Epoch: now.Epoch, Offset: 30}, true},
		{"from the start", &protocol.Position{Epoch: now.Epoch, Offset: 0}, true},
		{"empty branch snapshot", &protocol.Position{}, true},
		{"wrong epoch", &protocol.Position{Epoch: "other", Offset: 25}, false},
		{"ahead of the store", &protocol.Position{Epoch: now.Epoch, Offset: 1000}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := subscribe(t, b, c.resume)
			if s.sub.Recovered() != c.recovered {
				t.Fatalf("recovered = %v, want %v", s.sub.Recovered(), c.recovered)
			}
			if !c.recovered {
				return
			}
			s.sub.Resume(*c.resume)
			next := eventstest.Append(t, rdb, branch, protocol.EventTicketDone)
			offsets(t, s.until(next.Offset), c.resume.Offset+1, next.Offset)
		})
	}
}

func TestResumeAfterTrimIsNotRecovered(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 30)
	now := position(t, st)
	if err := rdb.XTrimMinID(context.Background(), "{b:"+branch+"}:events", "20-0").Err(); err != nil {
		t.Fatal(err)
	}
	if s := subscribe(t, b, &protocol.Position{Epoch: now.Epoch, Offset: 10}); s.sub.Recovered() {
		t.Fatal("resume from a trimmed offset recovered")
	}
	s := subscribe(t, b, &protocol.Position{Epoch: now.Epoch, Offset: 19})
	if !s.sub.Recovered() {
		t.Fatal("resume from the first kept offset not recovered")
	}
	s.sub.Resume(protocol.Position{Epoch: now.Epoch, Offset: 19})
	offsets(t, s.until(30), 20, 30)
}

// A subscriber sent a snapshot gets exactly the events after it, even those
// appended between joining and reading the snapshot.
func TestResumeAfterSnapshot(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 5)
	s := subscribe(t, b, nil)
	eventstest.AppendMany(t, rdb, branch, 5)
	snap := position(t, st) // what a snapshot read now would say
	eventstest.AppendMany(t, rdb, branch, 5)
	s.sub.Resume(snap)
	offsets(t, s.until(15), 11, 15)
}

func TestNewEpochResyncs(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 3)
	s := subscribe(t, b, nil)
	s.sub.Resume(position(t, st))
	eventstest.Append(t, rdb, branch, protocol.EventTicketCalled)
	s.until(4)

	eventstest.NewEpoch(t, rdb, branch)
	eventstest.Append(t, rdb, branch, protocol.EventTicketCalled)
	s.expectResync()
	snap := position(t, st)
	eventstest.Append(t, rdb, branch, protocol.EventTicketCalled)
	s.sub.Resume(snap)
	got := s.until(6)
	if last := got[len(got)-1]; last.Epoch != snap.Epoch || len(got) != 2 {
		t.Fatalf("after the resync got %+v, want offset 6 of epoch %s", got[1:], snap.Epoch)
	}
}

func TestGapResyncs(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 3)
	s := subscribe(t, b, nil)
	s.sub.Resume(position(t, st))
	// Offset 4 never reaches the stream.
	rdb.Incr(context.Background(), "{b:"+branch+"}:offset")
	eventstest.Append(t, rdb, branch, protocol.EventTicketCalled)
	s.expectResync()
}

// Redis losing its data sends no event at all; the tailer still notices
// the history went back and resyncs everybody.
func TestLostHistoryResyncs(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	eventstest.AppendMany(t, rdb, branch, 10)
	s := subscribe(t, b, nil)
	s.sub.Resume(position(t, st))
	// Once the feed is live (the events before it came in too), the loss.
	eventstest.Append(t, rdb, branch, protocol.EventTicketCalled)
	s.until(11)
	if err := rdb.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	s.expectResync()
	s.got = nil
	eventstest.AppendMany(t, rdb, branch, 2)
	s.sub.Resume(protocol.Position{})
	offsets(t, s.until(2), 1, 2)
}

func TestSlowSubscriberIsCutOffOthersKeepEverything(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	before := SlowConsumers.Value()
	slow := subscribe(t, b, nil)
	fast := subscribe(t, b, nil)
	start := position(t, st)
	slow.sub.Resume(start)
	fast.sub.Resume(start)

	// Enough events to pass MaxPending for the one that never reads.
	const n = 5000
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range n / 500 {
			eventstest.AppendMany(t, rdb, branch, 500)
		}
	}()
	offsets(t, fast.until(n), 1, n)
	<-done
	if err := slow.out.Take().End; !errors.Is(err, ErrSlow) {
		t.Fatalf("slow outbox error = %v, want ErrSlow", err)
	}
	if got := SlowConsumers.Value() - before; got != 1 {
		t.Fatalf("slow consumers counted %d, want 1", got)
	}
}

// Two hub replicas on one Redis each deliver every event.
func TestTwoBrokersBothDeliver(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b1, st := newBroker(t, rdb)
	b2, _ := newBroker(t, rdb)
	var subs []*subscriber
	for _, b := range []*Broker{b1, b1, b2, b2} {
		s := subscribe(t, b, nil)
		s.sub.Resume(position(t, st))
		subs = append(subs, s)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { eventstest.AppendMany(t, rdb, branch, 150) })
	}
	wg.Wait()
	for _, s := range subs {
		offsets(t, s.until(300), 1, 300)
	}
}

// Every subscriber gets the very same bytes: an event is encoded once.
func TestEventEncodedOnce(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	s1, s2 := subscribe(t, b, nil), subscribe(t, b, nil)
	s1.sub.Resume(position(t, st))
	s2.sub.Resume(position(t, st))
	eventstest.Append(t, rdb, branch, protocol.EventTicketIssued)
	m1, m2 := waitTake(t, s1), waitTake(t, s2)
	if len(m1) != 1 || len(m2) != 1 || &m1[0][0] != &m2[0][0] || !bytes.Contains(m1[0], []byte(`"type":"event"`)) {
		t.Fatalf("subscribers got %q and %q, want one shared message", m1, m2)
	}
}

func waitTake(t *testing.T, s *subscriber) [][]byte {
	t.Helper()
	select {
	case <-s.woken:
	case <-time.After(5 * time.Second):
		t.Fatal("not woken")
	}
	b := s.out.Take()
	if b.End != nil {
		t.Fatal(b.End)
	}
	return b.Msgs
}

// The last subscriber leaving stops the branch's tailer; a new one starts
// another.
func TestLastUnsubscribeStopsTailer(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	s := subscribe(t, b, nil)
	s.sub.Close()
	s.sub.Close()
	b.mu.Lock()
	n := len(b.feeds)
	b.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d feeds after the last subscriber left", n)
	}
	s = subscribe(t, b, nil)
	s.sub.Resume(position(t, st))
	eventstest.Append(t, rdb, branch, protocol.EventTicketIssued)
	s.until(1)
}

// A thousand branches with a screen must not hold a thousand Redis
// connections: every branch's events come in on the broker's one live
// connection, and the client's pool only serves short commands. With one
// blocking read per branch (as before), the pool grew to its full size and
// a ticket waited for a free connection.
func TestManyBranchesShareOneConnection(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client()
	b, _ := newBroker(t, rdb)
	b.check = time.Hour // only the live connection may deliver
	const branches = 250
	subs := make([]*subscriber, branches)
	for i := range subs {
		s := &subscriber{t: t, woken: make(chan struct{}, 1)}
		s.out = NewOutbox(func() { s.woken <- struct{}{} })
		sub, err := b.Subscribe(context.Background(), fmt.Sprintf("b%03d", i), nil, s.out)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sub.Close)
		s.sub = sub
		sub.Resume(protocol.Position{})
		subs[i] = s
	}
	for i := range subs {
		eventstest.Append(t, rdb, fmt.Sprintf("b%03d", i), protocol.EventTicketIssued)
	}
	for _, s := range subs {
		offsets(t, s.until(1), 1, 1)
	}
	info, err := srv.Client().Info(context.Background(), "clients").Result()
	if err != nil {
		t.Fatal(err)
	}
	// Feeds starting together may each take a pooled connection for their
	// first read, so the number of clients says little; what must never be
	// is a read parked on a connection, one per branch.
	blocked := -1
	for _, line := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "blocked_clients:"); ok {
			blocked, _ = strconv.Atoi(v)
		}
	}
	if blocked != 0 {
		t.Fatalf("%d clients blocked in a command with %d branches subscribed; want none", blocked, branches)
	}
}

// A history that goes back under the same epoch (a failover lost the last
// writes, and the new master goes on from an older offset) resyncs every
// subscriber as soon as its first event arrives, even while new events
// carry the offset past the old position at once; not after a quiet spell.
func TestHistoryGoingBackUnderLoadResyncsAtOnce(t *testing.T) {
	rdb := redistest.Start(t).Client()
	b, st := newBroker(t, rdb)
	b.check = time.Hour // no quiet-spell check to rescue it
	eventstest.AppendMany(t, rdb, branch, 5)
	s := subscribe(t, b, nil)
	s.sub.Resume(position(t, st))
	eventstest.AppendMany(t, rdb, branch, 5)
	s.until(10)

	// Redis goes back to offset 5 of the same epoch, as a replica that had
	// not received the last five events would after its promotion.
	ctx := context.Background()
	tag := "{b:" + branch + "}:"
	if err := rdb.Set(ctx, tag+"offset", 5, 0).Err(); err != nil {
		t.Fatal(err)
	}
	kept, err := rdb.XRangeN(ctx, tag+"events", "-", "+", 5).Result()
	if err != nil {
		t.Fatal(err)
	}
	rdb.Del(ctx, tag+"events")
	for _, m := range kept {
		if err := rdb.XAdd(ctx, &redis.XAddArgs{Stream: tag + "events", ID: m.ID, Values: m.Values}).Err(); err != nil {
			t.Fatal(err)
		}
	}
	eventstest.AppendMany(t, rdb, branch, 20) // offsets 6..25 of another history
	s.expectResync()
}
