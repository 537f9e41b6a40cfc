package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

var scriptCaseNotified = register("case_notified")

// EntryNotified is the internal timeline entry that records a message sent
// to the citizen, or one that could not be sent.
const EntryNotified = "notified"

// RecordNotified appends a "notified" entry to a case's timeline: what was
// sent, through which channel, or why it failed.
func (s *Store) RecordNotified(ctx context.Context, branch, number, text string, now time.Time) error {
	_, err := s.run(ctx, scriptCaseNotified, []string{keyCase(branch, number)},
		branchTag(branch), number, isoTime(now), text)
	if err != nil {
		return fmt.Errorf("record notification on %s: %w", number, err)
	}
	return nil
}

func keyNotifyOffset(b string) string { return branchTag(b) + "notify:offset" }

// NotifyOffset is the offset of the last event the notifier has handled in
// a branch; found is false when it never ran there.
func (s *Store) NotifyOffset(ctx context.Context, branch string) (offset int64, found bool, err error) {
	v, err := s.rdb.Get(ctx, keyNotifyOffset(branch)).Result()
	if isNil(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read notify offset of %s: %w", branch, err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("notify offset of %s: %w", branch, err)
	}
	return n, true, nil
}

// SetNotifyOffset stores the offset of the last event the notifier handled.
func (s *Store) SetNotifyOffset(ctx context.Context, branch string, offset int64) error {
	if err := s.rdb.Set(ctx, keyNotifyOffset(branch), offset, 0).Err(); err != nil {
		return fmt.Errorf("store notify offset of %s: %w", branch, err)
	}
	return nil
}
