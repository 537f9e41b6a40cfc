package store

import (
	"context"
	"fmt"
	"time"
)

var scriptDayClose = register("day_close", nil)

// CloseDay ends the branch's days before today (branch-local YYYY-MM-DD):
// tickets of an earlier day still queued, and yesterday's remote tickets
// never checked in, become expired, with a ticket.expired event each.
// Their cases stay open. It returns how many expired; a second run finds
// none.
func (s *Store) CloseDay(ctx context.Context, branch, today, yesterday string, now time.Time) (int, error) {
	v, err := s.run(ctx, scriptDayClose.lua, []string{keyOffset(branch)},
		branchTag(branch), branch, today, yesterday, isoTime(now), EventsKept)
	if err != nil {
		return 0, fmt.Errorf("close the day before %s in %s: %w", today, branch, err)
	}
	return int(v.(int64)), nil
}
