// Package events fans each branch's event stream out to the hub's live
// subscribers. One Broker per hub process tails each watched branch's Redis
// stream once and hands every event, serialised once, to the subscribers on
// this process; several hub replicas each run their own broker against the
// same Redis, which is how an event reaches subscribers on every replica.
package events

import (
	"context"
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
	block      time.Duration // how long one XREAD waits
	writeDelay time.Duration // see NewBroker

	ctx    context.Context // ends the tailers at Close
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
	return &Broker{store: st, log: log, block: 2 * time.Second, writeDelay: writeDelay,
		ctx: ctx, cancel: cancel, feeds: map[string]*feed{}}
}

// Close stops every tailer and waits for them; a tailer blocked in XREAD
// notices within one block (2 s). Subscriptions get no more events.
func (b *Broker) Close() {
	b.cancel()
	b.wg.Wait()
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
		// The subscriber saw more than this replica's tailer so far: fine
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

// feed returns the branch's feed, starting its tailer if needed.
func (b *Broker) feed(ctx context.Context, branch string) (*feed, error) {
	b.mu.Lock()
	f := b.feeds[branch]
	b.mu.Unlock()
	if f != nil {
		return f, nil
	}
	// The tailer starts from the branch's current position; earlier events
	// are each subscriber's backlog.
	pos, err := b.store.Position(ctx, branch)
	if err != nil {
		return nil, fmt.Errorf("subscribe to %s: %w", branch, err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if f := b.feeds[branch]; f != nil {
		return f, nil
	}
	f = &feed{broker: b, branch: branch, pos: pos, subs: map[*Subscription]struct{}{}}
	var tailCtx context.Context
	tailCtx, f.stop = context.WithCancel(b.ctx)
	b.feeds[branch] = f
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f.tail(tailCtx)
	}()
	return f, nil
}

// encode serialises an event's message once for all its subscribers.
func encode(ev protocol.Event) (item, error) {
	msg, err := marshalEvent(ev)
	if err != nil {
		return item{}, fmt.Errorf("encode event %d of %s: %w", ev.Offset, ev.Branch, err)
	}
	return item{offset: ev.Offset, epoch: ev.Epoch, msg: msg}, nil
}
