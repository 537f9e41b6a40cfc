package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptCheckIn = register("ticket_checkin", checkInArgs{})

// checkInArgs are ticket_checkin.lua's arguments.
type checkInArgs struct {
	Branch    string `json:"branch"`
	ID        string `json:"id"`
	Today     string `json:"today"`
	Now       string `json:"now"`
	Actor     string `json:"actor"`
	MaxEvents int    `json:"max_events"`
}

// Placed is a ticket with the people who will be called before it and the
// desks open to serve them, for the wait estimate.
type Placed struct {
	Ticket    protocol.Ticket `json:"ticket"`
	Ahead     int             `json:"ahead"`
	OpenDesks int             `json:"open_desks"`
}

// CheckIn puts a remote ticket of today into the shared queue at the place
// its score gives it, as if its visitor had been waiting since it was taken.
// Checking in again returns the ticket's place.
func (s *Store) CheckIn(ctx context.Context, branch, id, today, actor string, now time.Time) (Placed, error) {
	keys := eventKeys(branch).with(scriptKeys{"ticket": keyTicket(branch, id)})
	v, err := s.call(ctx, scriptCheckIn, keys, checkInArgs{Branch: branch, ID: id, Today: today,
		Now: isoTime(now), Actor: actor, MaxEvents: EventsKept})
	if err != nil {
		return Placed{}, fmt.Errorf("check in %s: %w", id, err)
	}
	var out Placed
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return Placed{}, fmt.Errorf("check in %s: decode reply: %w", id, err)
	}
	return out, nil
}

// RemoteAhead counts the people who will be called before a remote ticket
// once its visitor checks in: those waiting with a score up to its own and those
// transferred to a desk.
func (s *Store) RemoteAhead(ctx context.Context, branch, id string) (int, error) {
	score, err := s.rdb.HGet(ctx, keyTicket(branch, id), "score").Result()
	if err != nil {
		return 0, fmt.Errorf("read ticket %s: %w", id, err)
	}
	desks, err := s.rdb.SMembers(ctx, keyDesks(branch)).Result()
	if err != nil {
		return 0, fmt.Errorf("list desks of %s: %w", branch, err)
	}
	pipe := s.rdb.Pipeline()
	before := pipe.ZCount(ctx, keyWaiting(branch), "-inf", score)
	sizes := make([]*redis.IntCmd, len(desks))
	for i, d := range desks {
		sizes[i] = pipe.ZCard(ctx, keyDeskQueue(branch, d))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("place ticket %s: %w", id, err)
	}
	n := int(before.Val())
	for _, size := range sizes {
		n += int(size.Val())
	}
	return n, nil
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
