package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Timelines reads the timelines of cases of a branch in one round trip, in
// the given order: what the public figures (hub/internal/performance)
// count reopenings and ratings from.
func (s *Store) Timelines(ctx context.Context, branch string, numbers []string) ([][]protocol.TimelineEntry, error) {
	pipe := s.rdb.Pipeline()
	lists := make([]*redis.StringSliceCmd, len(numbers))
	for i, n := range numbers {
		lists[i] = pipe.LRange(ctx, keyTimeline(branch, n), 0, -1)
	}
	if len(numbers) > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, fmt.Errorf("timelines of %s: %w", branch, err)
		}
	}
	out := make([][]protocol.TimelineEntry, len(numbers))
	for i, l := range lists {
		out[i] = make([]protocol.TimelineEntry, len(l.Val()))
		for j, raw := range l.Val() {
			if err := json.Unmarshal([]byte(raw), &out[i][j]); err != nil {
				return nil, fmt.Errorf("timeline of %s entry %d: %w", numbers[i], j, err)
			}
		}
	}
	return out, nil
}
