package events

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// feed is one branch's fan-out on this hub process: its subscribers and the
// goroutine tailing its stream. The tailer stops when the last subscriber
// leaves; the next subscriber starts a new feed.
type feed struct {
	broker *Broker
	branch string
	stop   context.CancelFunc

	mu      sync.Mutex
	pos     protocol.Position // the last event fanned out
	subs    map[*Subscription]struct{}
	holding bool // the events delivered are held in the outboxes for the write delay
	stopped bool
}

// add joins sub to the fan-out and returns the position after which it
// receives every event. It fails when the feed has stopped.
func (f *feed) add(sub *Subscription) (protocol.Position, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return protocol.Position{}, false
	}
	sub.feed = f
	f.subs[sub] = struct{}{}
	return f.pos, true
}

func (f *feed) remove(sub *Subscription) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.subs[sub]; !ok {
		return
	}
	delete(f.subs, sub)
	if len(f.subs) > 0 {
		return
	}
	f.stopped = true
	f.stop()
	b := f.broker
	b.mu.Lock()
	if b.feeds[f.branch] == f {
		delete(b.feeds, f.branch)
	}
	b.mu.Unlock()
}

// retryWait is the pause after a failed read from Redis.
const retryWait = time.Second

// tail reads the branch's stream from where the feed stands and fans each
// event out, until ctx ends. Each subscriber checks offsets and epochs
// itself, so a gap or a new epoch in the stream makes it resync. When no
// event comes within a block, tail compares with the branch's position in
// Redis: a history that went back (Redis lost data and a new epoch began)
// sends no event that would tell, so tail resyncs everybody itself.
func (f *feed) tail(ctx context.Context) {
	b := f.broker
	log := b.log.With("branch", f.branch)
	f.mu.Lock()
	after := f.pos
	f.mu.Unlock()
	for ctx.Err() == nil {
		evs, err := b.store.ReadEvents(ctx, f.branch, after.Offset, b.block)
		if err == nil && len(evs) == 0 {
			after, err = f.checkHistory(ctx, after)
		}
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("tail events", "error", err)
				sleep(ctx, retryWait)
			}
			continue
		}
		items := make([]item, 0, len(evs))
		for _, ev := range evs {
			if ev.Offset != after.Offset+1 || (after.Epoch != "" && ev.Epoch != after.Epoch) {
				log.Warn("event stream jumped; subscribers resync", "from", after, "to_offset", ev.Offset, "to_epoch", ev.Epoch)
			}
			after = protocol.Position{Epoch: ev.Epoch, Offset: ev.Offset}
			it, err := encode(ev)
			if err != nil {
				// Its subscribers see the gap and resync.
				log.Error("fan out", "error", err)
				continue
			}
			items = append(items, it)
		}
		f.fanOut(after, items)
	}
}

// checkHistory resyncs every subscriber when Redis's position is behind
// the feed's or has another epoch, and returns where to read from.
func (f *feed) checkHistory(ctx context.Context, seen protocol.Position) (protocol.Position, error) {
	now, err := f.broker.store.Position(ctx, f.branch)
	if err != nil {
		return seen, err
	}
	if now.Offset >= seen.Offset && (now.Epoch == seen.Epoch || seen.Epoch == "") {
		return seen, nil
	}
	f.broker.log.Warn("event history changed; subscribers resync", "branch", f.branch, "was", seen, "now", now)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pos = now
	for sub := range f.subs {
		sub.forceResync()
	}
	return now, nil
}

// fanOut hands the events read together, up to pos, to every subscriber.
// Their writers are woken together at the end of the broker's write delay,
// counted from the first event of a quiet spell: each writer then packs
// everything published meanwhile into one frame, so a burst of events (a
// call, then the desk's next step a few milliseconds later) costs a busy
// hub one write per subscriber, not one per event. Writes, not encoding,
// are the cost of a fan-out to thousands (one system call each). An event
// that could not be encoded is missing from items.
func (f *feed) fanOut(pos protocol.Position, items []item) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pos = pos
	if len(items) == 0 {
		return
	}
	if !f.holding {
		f.holding = true
		if d := f.broker.writeDelay; d > 0 {
			time.AfterFunc(d, f.release)
		} else {
			defer f.releaseLocked()
		}
	}
	for sub := range f.subs {
		sub.deliver(items)
	}
}

// release wakes the writers of every subscriber that received events
// since the first fanOut held them.
func (f *feed) release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.releaseLocked()
}

func (f *feed) releaseLocked() {
	f.holding = false
	for sub := range f.subs {
		sub.out.release()
	}
}

func marshalEvent(ev protocol.Event) ([]byte, error) {
	return json.Marshal(protocol.Message{Type: protocol.TypeEvent, Event: &ev})
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
