package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// EventsKept is roughly how many events each branch's stream keeps (XADD
// MAXLEN ~). A subscriber further behind than that gets a snapshot.
const EventsKept = 100_000

// Position is the branch's current epoch and last offset. A branch that never
// had an event is at offset 0 with an empty epoch.
func (s *Store) Position(ctx context.Context, branch string) (protocol.Position, error) {
	vals, err := s.rdb.MGet(ctx, keyEpoch(branch), keyOffset(branch)).Result()
	if err != nil {
		return protocol.Position{}, fmt.Errorf("read position of %s: %w", branch, err)
	}
	var p protocol.Position
	if e, ok := vals[0].(string); ok {
		p.Epoch = e
	}
	if o, ok := vals[1].(string); ok {
		p.Offset, _ = strconv.ParseInt(o, 10, 64)
	}
	return p, nil
}

// EventsAfter returns up to limit events with an offset above after, oldest
// first. The caller checks that the first one follows on from after: the
// stream is trimmed, so old offsets may be gone.
func (s *Store) EventsAfter(ctx context.Context, branch string, after, limit int64) ([]protocol.Event, error) {
	msgs, err := s.rdb.XRangeN(ctx, keyEvents(branch), "("+strconv.FormatInt(after, 10)+"-0", "+", limit).Result()
	if err != nil {
		return nil, fmt.Errorf("read events of %s after %d: %w", branch, after, err)
	}
	return decodeEvents(msgs)
}

func decodeEvents(msgs []redis.XMessage) ([]protocol.Event, error) {
	events := make([]protocol.Event, 0, len(msgs))
	for _, m := range msgs {
		raw, _ := m.Values["e"].(string)
		var ev protocol.Event
		if err := json.Unmarshal([]byte(raw), &ev); err != nil {
			return nil, fmt.Errorf("decode event %s: %w", m.ID, err)
		}
		events = append(events, ev)
	}
	return events, nil
}

// LiveEvents is a hub's one connection receiving every branch's events as
// they are appended (each script PUBLISHes the event it appends, see
// prelude.lua's emit). It is not a connection of the client's pool: the
// pool only ever holds short commands, so a thousand branches with a
// screen cost one Redis connection per hub, not one blocked read each.
// Pub/sub delivers at most once: what a (re)connection missed is in the
// streams, and Next says when to read them.
type LiveEvents struct {
	ps    *redis.PubSub
	ch    <-chan any
	marks *marks
}

// Live is what LiveEvents hands on: an event, or Reconnected when the
// connection was (re)made and events appended meanwhile may be missing.
type Live struct {
	Event       protocol.Event
	Reconnected bool
}

// ListenEvents opens the live connection; Close ends it. Classic pub/sub
// (PSUBSCRIBE), not sharded: on Cluster every node passes each message to
// every other, so one connection to any node hears every branch. Missing
// connectivity is noticed by go-redis's health check (a PING every few
// seconds), which reconnects and subscribes again.
func (s *Store) ListenEvents(ctx context.Context) *LiveEvents {
	ps := s.rdb.PSubscribe(ctx, liveChannels)
	return &LiveEvents{ps: ps, marks: &s.marks, ch: ps.ChannelWithSubscriptions(
		redis.WithChannelSize(1000),
		redis.WithChannelHealthCheckInterval(2*time.Second))}
}

// ErrLiveClosed is Next's error after Close.
var ErrLiveClosed = errors.New("live events: the connection is closed")

// Next waits for the next live event, or for the news of a reconnection.
// The store marks the numbers each event shows (see marks).
// A message that cannot be decoded is an error; Next can be called again.
func (l *LiveEvents) Next(ctx context.Context) (Live, error) {
	select {
	case <-ctx.Done():
		return Live{}, ctx.Err()
	case m, ok := <-l.ch:
		if !ok {
			return Live{}, ErrLiveClosed
		}
		switch m := m.(type) {
		case *redis.Subscription:
			return Live{Reconnected: true}, nil
		case *redis.Message:
			var ev protocol.Event
			if err := json.Unmarshal([]byte(m.Payload), &ev); err != nil {
				return Live{}, fmt.Errorf("live event on %s: %w", m.Channel, err)
			}
			l.marks.sawEvent(ev)
			return Live{Event: ev}, nil
		default:
			return Live{}, fmt.Errorf("live events: unexpected %T", m)
		}
	}
}

// Close ends the live connection.
func (l *LiveEvents) Close() error { return l.ps.Close() }
