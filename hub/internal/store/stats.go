package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Read-only lookups for the managers' figures (hub/internal/stats). They
// read the per-day ticket index and the case index, never the whole keyspace.

// TicketsOfDays returns every ticket issued at a branch on the given
// branch-local days (YYYY-MM-DD), in issue order within each day.
func (s *Store) TicketsOfDays(ctx context.Context, branch string, days []string) ([]protocol.Ticket, error) {
	pipe := s.rdb.Pipeline()
	ids := make([]*redis.StringSliceCmd, len(days))
	for i, day := range days {
		ids[i] = pipe.ZRange(ctx, keyDayTickets(branch, day), 0, -1)
	}
	if _, err := pipe.Exec(ctx); err != nil && !isNil(err) {
		return nil, fmt.Errorf("tickets of %s: %w", branch, err)
	}
	pipe = s.rdb.Pipeline()
	var hashes []*redis.MapStringStringCmd
	for _, cmd := range ids {
		for _, id := range cmd.Val() {
			hashes = append(hashes, pipe.HGetAll(ctx, keyTicket(branch, id)))
		}
	}
	if len(hashes) == 0 {
		return nil, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("tickets of %s: %w", branch, err)
	}
	tickets := make([]protocol.Ticket, 0, len(hashes))
	for _, h := range hashes {
		if len(h.Val()) > 0 {
			tickets = append(tickets, ticketFromHash(h.Val()))
		}
	}
	return tickets, nil
}

// CasesCreated returns the cases of a branch created in [from, to), oldest
// first, without their timelines.
func (s *Store) CasesCreated(ctx context.Context, branch string, from, to time.Time) ([]protocol.Case, error) {
	numbers, err := s.rdb.ZRangeByScore(ctx, keyCases(branch), &redis.ZRangeBy{
		Min: strconv.FormatInt(ms(from), 10), Max: "(" + strconv.FormatInt(ms(to), 10),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("cases of %s: %w", branch, err)
	}
	cases, err := s.caseSummaries(ctx, branch, numbers)
	if err != nil {
		return nil, fmt.Errorf("cases of %s: %w", branch, err)
	}
	return cases, nil
}

// OpenCaseCount is how many cases of a branch are neither resolved nor closed.
func (s *Store) OpenCaseCount(ctx context.Context, branch string) (int, error) {
	n, err := s.rdb.ZCard(ctx, keyOpenCases(branch)).Result()
	if err != nil {
		return 0, fmt.Errorf("open cases of %s: %w", branch, err)
	}
	return int(n), nil
}
