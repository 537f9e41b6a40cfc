package events

import (
	"sync"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// item is one event as the tailer fans it out: its place in the stream and
// the bytes of its message, shared by every subscriber.
type item struct {
	offset int64
	epoch  string
	msg    []byte
}

// Subscription is one subscriber's place in a branch's event stream. It
// starts on hold: events are kept until Resume says where the subscriber
// stands (after its backlog, or after the snapshot it was sent). From then
// on each event goes to the outbox if it is exactly the next one; an event
// of another epoch, or one that skips an offset, puts the subscription back
// on hold and asks the outbox for a snapshot: the writer queues one and
// calls Resume with its position.
type Subscription struct {
	feed      *feed
	out       *Outbox
	recovered bool

	mu       sync.Mutex
	holding  bool
	stale    bool   // the history changed while on hold: Resume must resync
	held     []item // on hold: the backlog, then live events
	heldSize int
	epoch    string // "" takes the epoch of the next event
	next     int64  // the offset the subscriber expects next
}

// Recovered reports whether Subscribe found every event after the resume
// position: Resume(resume) then delivers them. When false the subscriber
// needs a snapshot first.
func (s *Subscription) Recovered() bool { return s.recovered }

// Resume releases the held events after pos, and every later one, to the
// outbox. Call it once the subscriber has been sent everything up to pos:
// its own resume position when Recovered, or a snapshot's position.
func (s *Subscription) Resume(pos protocol.Position) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stale {
		// pos may come from before the history changed: stay on hold and
		// ask for a (new) snapshot.
		s.stale = false
		s.out.needSnapshot()
		return
	}
	held := s.held
	s.held, s.heldSize = nil, 0
	s.holding = false
	s.epoch, s.next = pos.Epoch, pos.Offset+1
	for _, it := range held {
		s.deliverLocked(it, false)
	}
}

// Close leaves the branch's fan-out. It is safe to call more than once.
func (s *Subscription) Close() { s.feed.remove(s) }

// deliver is called by the tailer, in offset order. The events are held in
// the outbox until the feed releases it (see feed.fanOut).
func (s *Subscription) deliver(items []item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range items {
		s.deliverLocked(it, true)
	}
}

func (s *Subscription) deliverLocked(it item, hold bool) {
	if s.holding {
		// Held events count against the same limit as the outbox.
		s.heldSize += len(it.msg)
		if s.heldSize > MaxPending {
			s.held, s.heldSize = nil, 0
			s.out.End(ErrSlow)
			return
		}
		s.held = append(s.held, it)
		return
	}
	switch {
	case s.epoch != "" && it.epoch != s.epoch, it.offset > s.next:
		s.resyncLocked()
	case it.offset < s.next:
		// Already delivered (the backlog and the live feed overlap).
	default:
		s.epoch = it.epoch
		s.next++
		s.out.publish(it.msg, hold)
	}
}

// resyncLocked puts the subscription on hold and asks for a snapshot.
func (s *Subscription) resyncLocked() {
	s.holding = true
	s.out.needSnapshot()
}

// forceResync is the tailer telling every subscriber that the stream's
// history changed under it (see tail).
func (s *Subscription) forceResync() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holding {
		s.stale = true
		return
	}
	s.resyncLocked()
}

// Latest is the position of the last event the hub's fan-out handed out
// for the branch: a snapshot at or after it leaves the subscription no gap.
func (s *Subscription) Latest() protocol.Position {
	f := s.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pos
}

// Branch is the branch subscribed to.
func (s *Subscription) Branch() string { return s.feed.branch }
