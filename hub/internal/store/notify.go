package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

var (
	scriptCaseNotified = register("case_notified", notifiedArgs{})
	scriptNotifyLease  = register("notify_lease", leaseArgs{})
)

// notifiedArgs are case_notified.lua's arguments.
type notifiedArgs struct {
	Number string `json:"number"`
	Now    string `json:"now"`
	Text   string `json:"text"`
}

// leaseArgs are notify_lease.lua's arguments: ms 0 gives the lease up.
type leaseArgs struct {
	Holder string `json:"holder"`
	MS     int64  `json:"ms"`
}

// EntryNotified is the internal timeline entry that records a message sent
// to the citizen, or one that could not be sent.
const EntryNotified = "notified"

// RecordNotified appends a "notified" entry to a case's timeline: what was
// sent, through which channel, or why it failed.
func (s *Store) RecordNotified(ctx context.Context, branch, number, text string, now time.Time) error {
	_, err := s.call(ctx, scriptCaseNotified, caseKeys(branch, number),
		notifiedArgs{Number: number, Now: isoTime(now), Text: text})
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

func keyNotifyLease(b string) string { return branchTag(b) + "notify:lease" }

// ClaimNotifier takes or renews the branch's notifier lease for holder, for
// d, and reports whether holder has it. Every hub replica runs a
// dispatcher; only the lease's holder follows the branch, so a citizen is
// told each thing once.
func (s *Store) ClaimNotifier(ctx context.Context, branch, holder string, d time.Duration) (bool, error) {
	v, err := s.call(ctx, scriptNotifyLease, scriptKeys{"lease": keyNotifyLease(branch)},
		leaseArgs{Holder: holder, MS: d.Milliseconds()})
	if err != nil {
		return false, fmt.Errorf("claim notifier of %s: %w", branch, err)
	}
	return v.(int64) == 1, nil
}

// ReleaseNotifier gives up holder's lease, so that another replica takes
// over at once rather than when it runs out.
func (s *Store) ReleaseNotifier(ctx context.Context, branch, holder string) error {
	if _, err := s.call(ctx, scriptNotifyLease, scriptKeys{"lease": keyNotifyLease(branch)}, leaseArgs{Holder: holder}); err != nil {
		return fmt.Errorf("release notifier of %s: %w", branch, err)
	}
	return nil
}
