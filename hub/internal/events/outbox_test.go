package events

import (
	"errors"
	"testing"

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
	msgs, snap, err := o.Take(nil)
	if len(msgs) != 2 || snap || err != nil {
		t.Fatalf("Take = %q %v %v", msgs, snap, err)
	}
	o.Push([]byte("c")) // still busy: the writer has not seen it empty yet
	if wakes != 1 {
		t.Fatalf("woken while busy")
	}
	o.Take(nil)
	if msgs, _, _ := o.Take(nil); len(msgs) != 0 {
		t.Fatalf("Take after draining = %q", msgs)
	}
	o.needSnapshot()
	if wakes != 2 {
		t.Fatalf("a snapshot request did not wake the idle outbox")
	}
	if _, snap, _ := o.Take(nil); !snap {
		t.Fatal("snapshot request lost")
	}
	o.Take(nil)

	end := errors.New("bye")
	o.Push([]byte("last"))
	o.End(end)
	o.End(errors.New("second"))
	if msgs, _, err := o.Take(nil); len(msgs) != 1 || err != end {
		t.Fatalf("Take at the end = %q %v, want the last message and the first error", msgs, err)
	}
	if o.Push([]byte("late")) {
		t.Fatal("Push after End accepted")
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
	if msgs, _, err := o.Take(nil); len(msgs) != 0 || !errors.Is(err, ErrSlow) {
		t.Fatalf("Take = %d messages, %v; want none and ErrSlow", len(msgs), err)
	}
	if SlowConsumers.Value() != before+1 {
		t.Fatal("not counted")
	}
}

// Events read from the stream together reach a subscriber's writer
// together: it is woken once, after the last of them.
func TestSubscriptionDeliversABatchWithOneWake(t *testing.T) {
	var o *Outbox
	wakes, pendingAtWake := 0, 0
	o = NewOutbox(func() { wakes, pendingAtWake = wakes+1, len(o.pending) }) // called under o.mu
	s := &Subscription{out: o}
	s.Resume(protocol.Position{Epoch: "e", Offset: 0})
	s.deliver([]item{{1, "e", []byte("1")}, {2, "e", []byte("2")}, {3, "e", []byte("3")}})
	if wakes != 1 || pendingAtWake != 3 {
		t.Fatalf("woken %d times, the first with %d events pending; want once with all 3", wakes, pendingAtWake)
	}
}
