package store

import (
	"context"
	"fmt"
	"time"
)

var scriptDayClose = register("day_close", dayCloseArgs{})

// dayCloseArgs are day_close.lua's arguments.
type dayCloseArgs struct {
	Branch    string `json:"branch"`
	Today     string `json:"today"`
	Now       string `json:"now"`
	MaxEvents int    `json:"max_events"`
}

// CloseDay ends the branch's days before today (branch-local YYYY-MM-DD):
// tickets of an earlier day still queued, and yesterday's remote tickets
// never checked in, become expired, with a ticket.expired event each.
// Their cases stay open. It returns how many expired; a second run finds
// none.
func (s *Store) CloseDay(ctx context.Context, branch, today, yesterday string, now time.Time) (int, error) {
	keys := eventKeys(branch).with(scriptKeys{"yesterday": keyDayTickets(branch, yesterday)})
	v, err := s.call(ctx, scriptDayClose, keys, dayCloseArgs{Branch: branch, Today: today, Now: isoTime(now), MaxEvents: EventsKept})
	if err != nil {
		return 0, fmt.Errorf("close the day before %s in %s: %w", today, branch, err)
	}
	return int(v.(int64)), nil
}
