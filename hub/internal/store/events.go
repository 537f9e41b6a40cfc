package store

import (
	"context"
	"encoding/json"
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

// ReadEvents waits up to block for events with an offset above after. It
// returns no events and no error when none came.
func (s *Store) ReadEvents(ctx context.Context, branch string, after int64, block time.Duration) ([]protocol.Event, error) {
	streams, err := s.rdb.XRead(ctx, &redis.XReadArgs{
		Streams: []string{keyEvents(branch), strconv.FormatInt(after, 10) + "-0"},
		Count:   1000,
		Block:   block,
	}).Result()
	if isNil(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("wait for events of %s: %w", branch, err)
	}
	if len(streams) == 0 {
		return nil, nil
	}
	return decodeEvents(streams[0].Messages)
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
