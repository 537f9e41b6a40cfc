package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// keyAudit is the audit log: one stream for the whole hub, as accounts are
// not per branch. Only XADD writes it; its retention trims it.
const keyAudit = accountsTag + "audit"

// AuditRetention is how long audit entries are kept: each append trims
// the entries older than this. The trim is exact, not "~": the log grows
// slowly, so it costs little, and old entries go on time.
const AuditRetention = 400 * 24 * time.Hour

// AuditEntry is one line of the audit log: who did what, when, from where.
type AuditEntry struct {
	ID     string    `json:"id"` // the stream entry id; ids grow with time
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`  // a username, "cli:<os user>", or the username tried at a failed sign-in
	Addr   string    `json:"addr"`   // the client address, or "local" for the command line
	Action string    `json:"action"` // e.g. signin, signin_failed, device_revoke, user_disable
	Target string    `json:"target,omitempty"`
	Detail string    `json:"detail,omitempty"` // what changed, never a secret
}

// Audit appends an entry to the audit log, dropping entries older than
// AuditRetention. At is set here. It is for what changes no account (a
// sign-in); an account's change appends its entry itself, in the same step.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	err := s.rdb.XAdd(ctx, &redis.XAddArgs{
		Stream: keyAudit,
		MinID:  auditMinID(time.Now()),
		Values: []any{"actor", e.Actor, "addr", e.Addr, "action", e.Action, "target", e.Target, "detail", e.Detail},
	}).Err()
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Target, err)
	}
	return nil
}

// auditMinID is the oldest stream id the audit log keeps at now.
func auditMinID(now time.Time) string {
	return strconv.FormatInt(ms(now.Add(-AuditRetention)), 10)
}

// AuditLog returns up to limit entries from since on, oldest first.
func (s *Store) AuditLog(ctx context.Context, since time.Time, limit int64) ([]AuditEntry, error) {
	start := "-" // stream ids are not negative
	if ms(since) > 0 {
		start = strconv.FormatInt(ms(since), 10)
	}
	msgs, err := s.rdb.XRangeN(ctx, keyAudit, start, "+", limit).Result()
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	out := make([]AuditEntry, 0, len(msgs))
	for _, m := range msgs {
		e := AuditEntry{ID: m.ID, At: streamIDTime(m.ID)}
		e.Actor, _ = m.Values["actor"].(string)
		e.Addr, _ = m.Values["addr"].(string)
		e.Action, _ = m.Values["action"].(string)
		e.Target, _ = m.Values["target"].(string)
		e.Detail, _ = m.Values["detail"].(string)
		out = append(out, e)
	}
	return out, nil
}

// streamIDTime is the time in a stream entry id (<ms>-<seq>).
func streamIDTime(id string) time.Time {
	msPart, _, _ := strings.Cut(id, "-")
	n, _ := strconv.ParseInt(msPart, 10, 64)
	return time.UnixMilli(n).UTC()
}
