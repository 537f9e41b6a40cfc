package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"
	_ "time/tzdata" // dates in Asia/Riyadh on machines without tzdata

	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// auditLimit is the most entries `hub audit` prints at once; --since pages
// on.
const auditLimit = 10000

// showAudit prints the audit log from --since on (a date, a date and time
// in RFC 3339, or a duration back from now such as 24h; default the last
// 24 hours), oldest first.
func showAudit(ctx context.Context, args []string, stdout io.Writer) error {
	var since string
	var from time.Time
	now := time.Now()
	extra := func(fs *flag.FlagSet) {
		fs.StringVar(&since, "since", "24h", "from when: 2026-12-01, 2026-12-01T08:00:00+03:00, or a duration back such as 72h")
	}
	list := func(st *store.Store) ([]store.AuditEntry, error) {
		var err error
		if from, err = parseSince(since, now); err != nil {
			return nil, err
		}
		return st.AuditLog(ctx, from, auditLimit)
	}
	return listAll(ctx, args, stdout, extra, list, "WHEN\tWHO\tFROM\tACTION\tTARGET\tDETAIL",
		func(e store.AuditEntry) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", e.At.In(riyadh).Format(time.RFC3339), e.Actor, e.Addr, e.Action, e.Target, e.Detail)
		})
}

// riyadh is the time zone `hub audit` reads dates in and prints times in.
var riyadh = mustZone("Asia/Riyadh")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in
	}
	return loc
}

// parseSince reads --since.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, riyadh); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want a date (2026-12-01), a date and time (2026-12-01T08:00:00+03:00) or a duration (24h)", s)
}
