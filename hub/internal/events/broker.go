// Package events fans each branch's event stream out to the hub's live
// subscribers. One Broker per hub process receives every branch's events on
// one Redis connection of its own (store.LiveEvents) and hands each event,
// serialised once, to the subscribers of its branch on this process; several
// hub replicas each run their own broker against the same Redis, which is
// how an event reaches subscribers on every replica. The streams are the
// history: a subscriber resumes from them, and a feed reads them for what
// the live connection missed.
package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// MaxBacklog is the most events a resuming subscriber is sent from the
// stream; further behind, a snapshot is smaller and quicker.
const MaxBacklog = 1000

// Broker is the hub's fan-out of branch events. It is safe for concurrent use.
type Broker struct {
	store      *store.Store
	log        *slog.Logger
	live       *store.LiveEvents
	check      time.Duration // how often a feed compares its position with Redis's
	writeDelay time.Duration // see NewBroker

	ctx    context.Context // ends the feeds at Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	feeds map[string]*feed
}

// NewBroker returns a broker reading events from st. Subscribers get each
// event writeDelay after the first event of a quiet spell, together with
// every event that followed in that time (see feed.fanOut); 0 sends each
// batch read from Redis at once.
func NewBroker(st *store.Store, writeDelay time.Duration, log *slog.Logger) *Broker {
	ctx, cancel := context.WithCancel(context.Background())
	b := &Broker{store: st, log: log, check: 2 * time.Second, writeDelay: writeDelay,
		ctx: ctx, cancel: cancel, feeds: map[string]*feed{}}
	b.live = st.ListenEvents(ctx)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.listen()
	}()
	return b
}

// Close stops the live connection and every feed, and waits for them.
// Subscriptions get no more events.
func (b *Broker) Close() {
	b.cancel()
	b.live.Close()
	b.wg.Wait()
}

// listen hands each live event to its branch's feed, if this hub has one.
// After a (re)connection every feed reads its stream for what was missed.
func (b *Broker) listen() {
	for {
		l, err := b.live.Next(b.ctx)
		switch {
		case b.ctx.Err() != nil, errors.Is(err, store.ErrLiveClosed):
			return
		case err != nil:
			b.log.Warn("live events", "error", err)
			continue
		}
		b.mu.Lock()
		if l.Reconnected {
			for _, f := range b.feeds {
				f.catchUp()
			}
		} else if f := b.feeds[l.Event.Branch]; f != nil {
			f.push(l.Event)
		}
		b.mu.Unlock()
	}
}

// Subscribe joins the live fan-out of branch's events, queuing them into
// out. The subscription starts on hold; see Subscription.
//
// With resume, the subscription is Recovered when every event after resume
// is still in the stream (same epoch, nothing trimmed, at most MaxBacklog):
// Resume(*resume) then delivers them, followed by the live events, with no
// gap and no duplicate. Otherwise, or without resume, the caller sends the
// subscriber a snapshot and calls Resume with its position.
func (b *Broker) Subscribe(ctx context.Context, branch string, resume *protocol.Position, out *Outbox) (*Subscription, error) {
	sub := &Subscription{out: out, holding: true}
	var joined protocol.Position
	for {
		if b.ctx.Err() != nil {
			return nil, fmt.Errorf("subscribe to %s: the broker is closed", branch)
		}
		f, err := b.feed(ctx, branch)
		if err != nil {
			return nil, err
		}
		// Every event after joined reaches sub through the fan-out. A feed
		// that just lost its last subscriber refuses; the next try starts a
		// new one.
		var ok bool
		if joined, ok = f.add(sub); ok {
			break
		}
	}
	if resume == nil {
		return sub, nil
	}
	backlog, err := b.backlog(ctx, branch, *resume, joined)
	if err != nil {
		sub.Close()
		return nil, fmt.Errorf("subscribe to %s: %w", branch, err)
	}
	if backlog != nil {
		sub.recovered = true
		sub.mu.Lock()
		sub.held = append(backlog, sub.held...)
		sub.mu.Unlock()
	}
	return sub, nil
}

// backlog reads the events after resume up to joined, or returns nil when
// they cannot all be had. An empty, non-nil slice means nothing was missed.
func (b *Broker) backlog(ctx context.Context, branch string, resume, joined protocol.Position) ([]item, error) {
	none := []item{}
	// {"", 0} is a snapshot of a branch that had no event yet: any epoch's
	// history that starts at offset 1 follows on from it.
	fromStart := resume.Epoch == "" && resume.Offset == 0
	switch {
	case resume.Epoch != joined.Epoch && !fromStart:
		return nil, nil
	case resume.Offset == joined.Offset:
		return none, nil
	case resume.Offset > joined.Offset:
		// The subscriber saw more than this replica's feed so far: fine
		// if Redis agrees (the overlap is dropped as duplicates).
		now, err := b.store.Position(ctx, branch)
		if err != nil {
			return nil, err
		}
		if now.Epoch == resume.Epoch && resume.Offset <= now.Offset {
			return none, nil
		}
		return nil, nil
	case joined.Offset-resume.Offset > MaxBacklog:
		return nil, nil
	}
	n := joined.Offset - resume.Offset
	evs, err := b.store.EventsAfter(ctx, branch, resume.Offset, n)
	if err != nil {
		return nil, err
	}
	if int64(len(evs)) != n {
		return nil, nil
	}
	items := make([]item, len(evs))
	size := 0
	for i, ev := range evs {
		if ev.Offset != resume.Offset+1+int64(i) || ev.Epoch != joined.Epoch {
			return nil, nil // trimmed, or another history
		}
		if items[i], err = encode(ev); err != nil {
			return nil, err
		}
		size += len(items[i].msg)
	}
	if size > MaxPending/2 {
		return nil, nil // would leave no room for live events
	}
	return items, nil
}

// feed returns the branch's feed, starting it if needed.
func (b *Broker) feed(ctx context.Context, branch string) (*feed, error) {
	b.mu.Lock()
	f := b.feeds[branch]
	if f == nil {
		// The feed joins the live fan-out before it reads the branch's
		// position, so every event after that position reaches it (those
		// at or before it, pushed meanwhile, are dropped: see forward).
		// Earlier events are each subscriber's backlog.
		f = &feed{broker: b, branch: branch, subs: map[*Subscription]struct{}{},
			wake: make(chan struct{}, 1), ready: make(chan struct{})}
		b.feeds[branch] = f
		b.mu.Unlock()
		b.start(f)
	} else {
		b.mu.Unlock()
	}
	select {
	case <-f.ready:
	case <-ctx.Done():
		return nil, fmt.Errorf("subscribe to %s: %w", branch, ctx.Err())
	}
	if f.err != nil {
		return nil, fmt.Errorf("subscribe to %s: %w", branch, f.err)
	}
	return f, nil
}

// start reads where the branch's history stands and runs the feed from
// there; when it cannot, the feed is dropped and f.err says why.
func (b *Broker) start(f *feed) {
	defer close(f.ready)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	pos, err := b.store.Position(ctx, f.branch)
	if err != nil {
		f.err = err
		f.mu.Lock()
		f.stopped = true
		f.mu.Unlock()
		b.mu.Lock()
		delete(b.feeds, f.branch)
		b.mu.Unlock()
		return
	}
	f.mu.Lock()
	f.pos = pos
	f.mu.Unlock()
	var runCtx context.Context
	runCtx, f.stop = context.WithCancel(b.ctx)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f.run(runCtx)
	}()
}

// encode serialises an event's message once for all its subscribers.
func encode(ev protocol.Event) (item, error) {
	msg, err := marshalEvent(ev)
	if err != nil {
		return item{}, fmt.Errorf("encode event %d of %s: %w", ev.Offset, ev.Branch, err)
	}
	return item{offset: ev.Offset, epoch: ev.Epoch, msg: msg}, nil
}
