package events

import (
	"context"
	"encoding/json"
	"hash/maphash"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// feed is one branch's fan-out on this hub process: its subscribers and the
// goroutine forwarding its events. It stops when the last subscriber
// leaves; the next subscriber starts a new feed.
type feed struct {
	broker *Broker
	branch string
	stop   context.CancelFunc
	wake   chan struct{} // run has events to forward, or a stream to read
	ready  chan struct{} // closed once the feed runs, or failed to start with err
	err    error

	mu      sync.Mutex
	pos     protocol.Position // the last event fanned out
	subs    map[*Subscription]struct{}
	pushed  []protocol.Event // from the live connection, not yet forwarded
	behind  bool             // the live connection may have missed events: read the stream
	holding bool             // the events delivered are held in the outboxes for the write delay
	stopped bool

	recent [recentKept]fanned // run's own: the latest events fanned out, by offset modulo recentKept
}

// recentKept is how many of the latest events a feed remembers a hash of,
// to tell an event it already fanned out from another one at the same
// offset: a history that went back.
const recentKept = 256

type fanned struct {
	offset int64
	hash   uint64
}

var hashSeed = maphash.MakeSeed()

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

// push queues an event from the live connection for run. A feed that
// cannot keep up reads the stream instead.
func (f *feed) push(ev protocol.Event) {
	f.mu.Lock()
	if len(f.pushed) < MaxBacklog {
		f.pushed = append(f.pushed, ev)
	} else {
		f.behind = true
	}
	f.mu.Unlock()
	f.signal()
}

// catchUp makes run read the stream: the live connection may have missed
// events.
func (f *feed) catchUp() {
	f.mu.Lock()
	f.behind = true
	f.mu.Unlock()
	f.signal()
}

func (f *feed) signal() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// run forwards the branch's events until ctx ends. Every check it also
// compares the feed's position with Redis's: a history that went back with
// no new event since (Redis lost data) sends nothing that would tell.
func (f *feed) run(ctx context.Context) {
	log := f.broker.log.With("branch", f.branch)
	check := time.NewTicker(f.broker.check)
	defer check.Stop()
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		case <-check.C:
			err = f.checkHistory(ctx)
		}
		if err == nil {
			err = f.forward(ctx)
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("forward events", "error", err)
			sleep(ctx, retryWait)
			f.catchUp()
		}
	}
}

// forward fans out the events pushed since the last call, after reading
// the stream when the live connection may have missed some (a gap before
// the first pushed event, a reconnection, a new feed). Each subscriber
// checks offsets and epochs itself, so a gap or a new epoch in what is
// fanned out makes it resync. An event at or below the feed's position is
// either one already fanned out (pushed and also read from the stream) or
// one of a history that went back under the same epoch (Redis lost writes
// and goes on from an older offset): the hash of what was fanned out at
// that offset tells them apart at once, even while new events keep the
// offset climbing past the old position; further back than the feed
// remembers, checkHistory compares with Redis.
func (f *feed) forward(ctx context.Context) error {
	f.mu.Lock()
	pushed, behind, after := f.pushed, f.behind, f.pos
	f.pushed, f.behind = nil, false
	f.mu.Unlock()
	if len(pushed) > 0 && pushed[0].Epoch == after.Epoch && pushed[0].Offset > after.Offset+1 {
		behind = true
	}
	evs := pushed
	if behind {
		read, err := f.broker.store.EventsAfter(ctx, f.branch, after.Offset, MaxBacklog)
		if err != nil {
			f.mu.Lock()
			f.pushed = append(pushed, f.pushed...)
			f.mu.Unlock()
			return err
		}
		if len(read) == MaxBacklog {
			// More to read next time; the pushed events come after that.
			f.mu.Lock()
			f.pushed = append(pushed, f.pushed...)
			f.behind = true
			f.mu.Unlock()
			f.signal()
			pushed = nil
		}
		evs = append(read, pushed...)
	}
	log := f.broker.log.With("branch", f.branch)
	items := make([]item, 0, len(evs))
	recheck := false
	for _, ev := range evs {
		it, err := encode(ev)
		if err != nil {
			// Its subscribers see the gap and resync.
			log.Error("fan out", "error", err)
			continue
		}
		h := maphash.Bytes(hashSeed, it.msg)
		switch {
		case after.Epoch != "" && ev.Epoch != after.Epoch:
			log.Warn("new event history; subscribers resync", "from", after, "to_epoch", ev.Epoch)
		case ev.Offset <= after.Offset:
			was := f.recent[ev.Offset%recentKept]
			if was.offset != ev.Offset {
				recheck = true
				continue
			}
			if was.hash == h {
				continue // fanned out already
			}
			f.fanOut(after, items)
			items = items[:0]
			f.historyWentBack(after, protocol.Position{Epoch: ev.Epoch, Offset: ev.Offset - 1})
		case ev.Offset != after.Offset+1:
			log.Warn("event stream jumped; subscribers resync", "from", after, "to_offset", ev.Offset)
		}
		after = protocol.Position{Epoch: ev.Epoch, Offset: ev.Offset}
		f.recent[ev.Offset%recentKept] = fanned{ev.Offset, h}
		items = append(items, it)
	}
	f.fanOut(after, items)
	if recheck {
		return f.checkHistory(ctx)
	}
	return nil
}

// checkHistory compares the feed's position with Redis's: behind it, the
// feed reads the stream next; ahead of it, or on another epoch, the history
// went back and every subscriber resyncs.
func (f *feed) checkHistory(ctx context.Context) error {
	now, err := f.broker.store.Position(ctx, f.branch)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := f.pos
	if now.Offset >= seen.Offset && (now.Epoch == seen.Epoch || seen.Epoch == "") {
		if now.Offset > seen.Offset {
			f.behind = true
			f.signal()
		}
		return nil
	}
	f.historyWentBackLocked(seen, now)
	return nil
}

// historyWentBack resyncs every subscriber: the branch's history is now
// at now, behind the position seen (or on another epoch).
func (f *feed) historyWentBack(seen, now protocol.Position) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.historyWentBackLocked(seen, now)
}

func (f *feed) historyWentBackLocked(seen, now protocol.Position) {
	f.broker.log.Warn("event history went back; subscribers resync", "branch", f.branch, "was", seen, "now", now)
	f.pos = now
	for sub := range f.subs {
		sub.forceResync()
	}
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
