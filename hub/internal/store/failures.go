package store

import (
	"context"
	"fmt"
	"time"
)

// Failure counters (wrong access codes, wrong passwords) are plain keys
// outside any branch: each is read and counted on its own, so on Redis
// Cluster every step touches one slot.
var scriptCountFailure = register("failure_count", failureArgs{})

// failureArgs are failure_count.lua's arguments.
type failureArgs struct {
	WindowMS int64 `json:"window_ms"`
	Limit    int   `json:"limit"`
}

// failures reads a failure counter; a missing one, or an empty key (a value
// that could not be counted), is 0.
func (s *Store) failures(ctx context.Context, key string) (int, error) {
	if key == "" {
		return 0, nil
	}
	n, err := s.rdb.Get(ctx, key).Int()
	if err != nil && !isNil(err) {
		return 0, fmt.Errorf("read failure counter: %w", err)
	}
	return n, nil
}

// countFailure counts one failure on each counter (empty keys are skipped).
// A counter lasts window from its first failure; reaching limit restarts it,
// so it stays at or over limit for window from then.
func (s *Store) countFailure(ctx context.Context, limit int, window time.Duration, keys ...string) error {
	for _, key := range keys {
		if key == "" {
			continue
		}
		args := failureArgs{WindowMS: window.Milliseconds(), Limit: limit}
		if _, err := s.call(ctx, scriptCountFailure, scriptKeys{"counter": key}, args); err != nil {
			return fmt.Errorf("count a failure: %w", err)
		}
	}
	return nil
}
