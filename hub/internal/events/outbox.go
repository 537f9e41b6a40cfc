package events

import (
	"errors"
	"expvar"
	"sync"
)

// MaxPending caps a connection's pending output in bytes. A subscriber that
// falls this far behind (about 2,000 typical events, or a snapshot of a very
// busy branch plus the events after it) is disconnected as slow rather than
// let the hub's memory grow; it reconnects and resumes from its last offset.
const MaxPending = 1 << 20

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
	size     int
	snapshot bool  // the subscriber must be sent a snapshot
	err      error // set: end the connection after pending
	ended    bool  // err was taken
	busy     bool  // a writer was woken and has not found it empty yet
	holding  bool  // between hold and release: events wake later
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

// publish queues an event: it waits while the outbox is held (see hold).
func (o *Outbox) publish(msg []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.queueLocked(msg) {
		return
	}
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

// hold defers waking the writer for events until release, so that the
// events published in between go out in one write. Replies, snapshot
// requests and the end still wake it at once.
func (o *Outbox) hold() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.holding = true
}

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

// Take appends everything pending to dst[:0] and empties the outbox.
// snapshot asks the writer to queue a snapshot next. A non-nil err is the
// end: the writer writes msgs, closes the connection and stops calling. When
// it returns nothing at all the outbox is idle and the writer stops.
func (o *Outbox) Take(dst [][]byte) (msgs [][]byte, snapshot bool, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	msgs = append(dst[:0], o.pending...)
	clear(o.pending)
	o.pending, o.size = o.pending[:0], 0
	snapshot, o.snapshot = o.snapshot, false
	if o.err != nil && !o.ended {
		o.ended = true
		return msgs, false, o.err
	}
	if len(msgs) == 0 && !snapshot {
		// Idle: of thousands of quiet subscribers, none keeps a queue.
		o.busy = false
		o.pending = nil
	}
	return msgs, snapshot, nil
}
