package events

import (
	"errors"
	"expvar"
	"slices"
	"sync"
)

// MaxPending caps a connection's pending output in bytes. A subscriber that
// falls this far behind (about 2,000 typical events, or a snapshot of a very
// busy branch plus the events after it) is disconnected as slow rather than
// let the hub's memory grow; it reconnects and resumes from its last offset.
const MaxPending = 1 << 20

// idleQueue is the capacity of queue an idle outbox keeps: enough for the
// events of one moment, so a busy branch's fan-out does not allocate one
// per subscriber each time.
const idleQueue = 4

// ErrSlow is the outbox's error once its subscriber fell more than
// MaxPending bytes behind.
var ErrSlow = errors.New("slow consumer: pending output over the limit")

// SlowConsumers counts the outboxes that overflowed since the hub started.
var SlowConsumers = expvar.NewInt("shamil_slow_consumers")

// Outbox is one connection's pending output: already-serialised messages
// (often shared by every subscriber of a branch), a request for a fresh
// snapshot, and finally an error that ends the connection. Nothing blocks
// on it. When work arrives in an idle outbox it calls wake, once; the woken
// writer calls Take until Take returns nothing, which makes the outbox idle
// again. So a connection needs no goroutine waiting to write while idle,
// and never more than one writing.
type Outbox struct {
	wake func()

	mu       sync.Mutex
	pending  [][]byte
	taken    [][]byte // the last batch's messages; its array is pending's next
	size     int
	controls []Control
	snapshot bool  // the subscriber must be sent a snapshot
	err      error // set: end the connection after pending
	ended    bool  // err was taken
	busy     bool  // a writer was woken and has not found it empty yet
	holding  bool  // an event is held until release
	wakeDue  bool  // an event arrived while holding
}

// NewOutbox returns an idle outbox that calls wake when work arrives.
func NewOutbox(wake func()) *Outbox {
	return &Outbox{wake: wake}
}

// Push queues msg, a reply to the subscriber's own request, and wakes the
// writer now. msg must not be modified afterwards. It returns false when
// the outbox has ended or overflowed; the message that takes it over
// MaxPending ends it with ErrSlow and drops everything pending.
func (o *Outbox) Push(msg []byte) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.queueLocked(msg) {
		return false
	}
	o.wakeLocked()
	return true
}

// publish queues an event. With hold, or while an earlier event is held,
// the writer is woken only at release, so that the events published in
// between go out in one write. Replies, snapshot requests and the end still
// wake it at once.
func (o *Outbox) publish(msg []byte, hold bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.queueLocked(msg) {
		return
	}
	o.holding = o.holding || hold
	if o.holding {
		o.wakeDue = true
		return
	}
	o.wakeLocked()
}

func (o *Outbox) queueLocked(msg []byte) bool {
	if o.err != nil {
		return false
	}
	if o.size+len(msg) > MaxPending {
		o.pending, o.size = nil, 0
		o.endLocked(ErrSlow)
		return false
	}
	o.pending = append(o.pending, msg)
	o.size += len(msg)
	return true
}

// End ends the connection with err once what is pending has been written.
// The first error wins.
func (o *Outbox) End(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err == nil {
		o.endLocked(err)
	}
}

func (o *Outbox) endLocked(err error) {
	if errors.Is(err, ErrSlow) {
		SlowConsumers.Add(1)
	}
	o.err = err
	o.wakeLocked()
}

// needSnapshot asks the writer for a snapshot (see Subscription).
func (o *Outbox) needSnapshot() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.snapshot = true
	o.wakeLocked()
}

// release wakes the writer for the events held since publish.
func (o *Outbox) release() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.holding = false
	if o.wakeDue {
		o.wakeDue = false
		o.wakeLocked()
	}
}

func (o *Outbox) wakeLocked() {
	o.wakeDue = false
	if !o.busy && !o.ended {
		o.busy = true
		o.wake()
	}
}

// Control is a control frame for the writer to send before the pending
// messages: Kind is the frame's type in the connection's own numbering
// (WebSocket opcodes).
type Control struct {
	Kind int
	Data []byte
}

// Control queues a control frame and wakes the writer now. A frame of a
// kind already queued replaces it: one pong answers the latest ping.
func (o *Outbox) Control(c Control) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return
	}
	i := slices.IndexFunc(o.controls, func(q Control) bool { return q.Kind == c.Kind })
	if i >= 0 {
		o.controls[i] = c
	} else {
		o.controls = append(o.controls, c)
	}
	o.wakeLocked()
}

// Batch is what the writer takes from the outbox at once.
type Batch struct {
	Controls []Control // control frames, to be sent first
	Msgs     [][]byte  // messages, in order
	Snapshot bool      // queue a snapshot next
	End      error     // not nil: send Msgs, then close the connection
}

// Idle reports that the outbox had nothing: it is idle again and the
// writer stops.
func (b Batch) Idle() bool {
	return len(b.Controls) == 0 && len(b.Msgs) == 0 && !b.Snapshot && b.End == nil
}

// Take empties the outbox into a batch, whose Msgs stay valid until the
// next Take. After a batch with End the writer closes the connection and
// stops calling.
func (o *Outbox) Take() Batch {
	o.mu.Lock()
	defer o.mu.Unlock()
	clear(o.taken) // the messages of the last batch are written
	b := Batch{Controls: o.controls, Msgs: o.pending, Snapshot: o.snapshot}
	o.pending, o.taken = o.taken[:0], o.pending
	o.controls, o.size, o.snapshot = nil, 0, false
	if o.err != nil && !o.ended {
		o.ended = true
		b.Controls, b.Snapshot, b.End = nil, false, o.err
		return b
	}
	if b.Idle() {
		o.busy = false
		if cap(o.pending) > idleQueue {
			// Of thousands of quiet subscribers, none keeps a long queue.
			o.pending = nil
		}
	}
	return b
}
