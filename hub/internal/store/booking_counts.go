package store

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// BookingStates counts the appointments of a branch's local days (cancelled
// ones are not among them) by state: booked (still to come), checked_in,
// no_show. The managers' figures (stats) read it.
func (s *Store) BookingStates(ctx context.Context, branch string, days []string) (map[protocol.BookingState]int, error) {
	if !keyPart(branch) {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	ids := make([]*redis.StringSliceCmd, len(days))
	for i, d := range days {
		ids[i] = pipe.ZRange(ctx, keyDayBookings(branch, d), 0, -1)
	}
	if _, err := pipe.Exec(ctx); err != nil && !isNil(err) {
		return nil, fmt.Errorf("bookings of %s: %w", branch, err)
	}
	var states []*redis.StringCmd
	for _, c := range ids {
		for _, id := range c.Val() {
			states = append(states, pipe.HGet(ctx, keyBooking(branch, id), "state"))
		}
	}
	out := map[protocol.BookingState]int{}
	if len(states) == 0 {
		return out, nil
	}
	if _, err := pipe.Exec(ctx); err != nil && !isNil(err) {
		return nil, fmt.Errorf("bookings of %s: %w", branch, err)
	}
	for _, st := range states {
		if v := st.Val(); v != "" {
			out[protocol.BookingState(v)]++
		}
	}
	return out, nil
}
