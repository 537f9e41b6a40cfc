package events

import (
	"errors"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestOutboxWakesOncePerBusySpell(t *testing.T) {
	wakes := 0
	o := NewOutbox(func() { wakes++ })
	o.Push([]byte("a"))
	o.Push([]byte("b"))
	if wakes != 1 {
		t.Fatalf("%d wakes for two pushes into an idle outbox, want 1", wakes)
	}
	if b := o.Take(); len(b.Msgs) != 2 || b.Snapshot || b.End != nil {
		t.Fatalf("Take = %+v", b)
	}
	o.Push([]byte("c")) // still busy: the writer has not seen it empty yet
	if wakes != 1 {
		t.Fatalf("woken while busy")
	}
	o.Take()
	if b := o.Take(); !b.Idle() {
		t.Fatalf("Take after draining = %+v", b)
	}
	o.needSnapshot()
	if wakes != 2 {
		t.Fatalf("a snapshot request did not wake the idle outbox")
	}
	if !o.Take().Snapshot {
		t.Fatal("snapshot request lost")
	}
	o.Take()

	end := errors.New("bye")
	o.Push([]byte("last"))
	o.End(end)
	o.End(errors.New("second"))
	if b := o.Take(); len(b.Msgs) != 1 || b.End != end {
		t.Fatalf("Take at the end = %+v, want the last message and the first error", b)
	}
	if o.Push([]byte("late")) {
		t.Fatal("Push after End accepted")
	}
}

// A control frame wakes the writer at once, and one of a kind already
// queued replaces it.
func TestOutboxControls(t *testing.T) {
	wakes := 0
	o := NewOutbox(func() { wakes++ })
	o.Control(Control{Kind: 9, Data: []byte("first")})
	o.Control(Control{Kind: 10, Data: []byte("pong")})
	o.Control(Control{Kind: 9, Data: []byte("latest")})
	if wakes != 1 {
		t.Fatalf("%d wakes, want 1", wakes)
	}
	b := o.Take()
	if len(b.Controls) != 2 || string(b.Controls[0].Data) != "latest" || string(b.Controls[1].Data) != "pong" || b.Idle() {
		t.Fatalf("Take = %+v, want the latest ping and the pong", b)
	}
	if !o.Take().Idle() {
		t.Fatal("controls taken twice")
	}
	o.End(errors.New("bye"))
	o.Control(Control{Kind: 9})
	if b := o.Take(); len(b.Controls) != 0 || b.End == nil {
		t.Fatalf("Take after End = %+v, want only the end", b)
	}
}

func TestOutboxOverflowIsSlow(t *testing.T) {
	before := SlowConsumers.Value()
	o := NewOutbox(func() {})
	msg := make([]byte, 1024)
	for range MaxPending / len(msg) {
		if !o.Push(msg) {
			t.Fatal("refused below the limit")
		}
	}
	if o.Push(msg) {
		t.Fatal("accepted over the limit")
	}
	if b := o.Take(); len(b.Msgs) != 0 || !errors.Is(b.End, ErrSlow) {
		t.Fatalf("Take = %d messages, %v; want none and ErrSlow", len(b.Msgs), b.End)
	}
	if SlowConsumers.Value() != before+1 {
		t.Fatal("not counted")
	}
}

// Events read from the stream together reach a subscriber's writer
// together: it is woken once, after the last of them.
func TestFanOutWakesOncePerBatch(t *testing.T) {
	f, wakes := heldFeed(t, 0)
	f.fanOut(protocol.Position{Epoch: "e", Offset: 3}, []item{{1, "e", []byte("1")}, {2, "e", []byte("2")}, {3, "e", []byte("3")}})
	if got := <-wakes; got != 3 {
		t.Fatalf("woken with %d events pending; want all 3", got)
	}
	assertNoWake(t, wakes)
}

// With a write delay, the events fanned out within it go to the writer
// together at its end, and a reply in between is not held back.
func TestFanOutHoldsEventsForTheWriteDelay(t *testing.T) {
	const delay = 200 * time.Millisecond
	f, wakes := heldFeed(t, delay)
	start := time.Now()
	f.fanOut(protocol.Position{Epoch: "e", Offset: 1}, []item{{1, "e", []byte("1")}})
	f.fanOut(protocol.Position{Epoch: "e", Offset: 2}, []item{{2, "e", []byte("2")}})
	assertNoWake(t, wakes)
	if got := <-wakes; got != 2 || time.Since(start) < delay {
		t.Fatalf("woken after %v with %d events pending; want both, after %v", time.Since(start), got, delay)
	}

	var out *Outbox
	for sub := range f.subs {
		out = sub.out
	}
	out.Take()
	out.Take() // idle again
	f.fanOut(protocol.Position{Epoch: "e", Offset: 3}, []item{{3, "e", []byte("3")}})
	out.Push([]byte("reply"))
	if got := <-wakes; got != 2 || time.Since(start) > 2*delay {
		t.Fatalf("a reply during the delay woke the writer with %d pending after %v; want the event and the reply at once", got, time.Since(start))
	}
}

// heldFeed is a feed with one resumed subscriber whose outbox reports, on
// each wake, how many messages were pending.
func heldFeed(t *testing.T, delay time.Duration) (*feed, chan int) {
	t.Helper()
	wakes := make(chan int, 10)
	var o *Outbox
	o = NewOutbox(func() { wakes <- len(o.pending) }) // called under o.mu
	f := &feed{broker: &Broker{writeDelay: delay}, subs: map[*Subscription]struct{}{}}
	s := &Subscription{out: o}
	f.add(s)
	s.Resume(protocol.Position{Epoch: "e", Offset: 0})
	return f, wakes
}

func assertNoWake(t *testing.T, wakes chan int) {
	t.Helper()
	select {
	case n := <-wakes:
		t.Fatalf("woken again with %d pending", n)
	case <-time.After(50 * time.Millisecond):
	}
}
