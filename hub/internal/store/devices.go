package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// A device's presence (online now, last seen) is what the hub replicas
// observe of its connections, not a change of a branch's state: it is
// written here directly, without an event, like a session key.
//
// keyOnline is one sorted set for every replica: the member "<replica>
// <device id>" says that replica holds a live connection of the device,
// until its score (Unix milliseconds), which the replica keeps pushing
// forward while the connection lives. A replica that dies stops pushing,
// and its members lapse. One key, so it works alike on a Cluster.
const keyOnline = "devices:online"

// keySeen holds the last time (RFC 3339) a device was connected to a hub.
// It is not under "device:", which ListDevices scans for hashes.
func keySeen(id string) string { return "seen:" + id }

// seenKept is how long a last-seen time is kept for a device not seen
// since: longer than any device stays in a cupboard.
const seenKept = 400 * 24 * time.Hour

// SetOnline records that replica holds live connections of the devices
// live until until, and none of the devices gone any more; lapsed members
// of every replica are dropped on the way. One MULTI.
func (s *Store) SetOnline(ctx context.Context, replica string, live, gone []string, until time.Time) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRemRangeByScore(ctx, keyOnline, "-inf", fmt.Sprint(time.Now().UnixMilli()))
		if len(gone) > 0 {
			members := make([]any, len(gone))
			for i, id := range gone {
				members[i] = replica + " " + id
			}
			p.ZRem(ctx, keyOnline, members...)
		}
		if len(live) > 0 {
			members := make([]redis.Z, len(live))
			for i, id := range live {
				members[i] = redis.Z{Score: float64(until.UnixMilli()), Member: replica + " " + id}
			}
			p.ZAdd(ctx, keyOnline, members...)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record devices online at %s: %w", replica, err)
	}
	return nil
}

// MarkSeen records that the devices were connected at at.
func (s *Store) MarkSeen(ctx context.Context, ids []string, at time.Time) error {
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			p.Set(ctx, keySeen(id), isoTime(at), seenKept)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record devices seen: %w", err)
	}
	return nil
}

// presence fills in when each device was last seen and whether it is
// online now.
func (s *Store) presence(ctx context.Context, devices []Device) error {
	if len(devices) == 0 {
		return nil
	}
	members, err := s.rdb.ZRangeByScore(ctx, keyOnline, &redis.ZRangeBy{
		Min: fmt.Sprintf("(%d", time.Now().UnixMilli()), Max: "+inf"}).Result()
	if err != nil {
		return fmt.Errorf("devices online: %w", err)
	}
	online := make(map[string]bool, len(members))
	for _, m := range members {
		_, id, _ := strings.Cut(m, " ")
		online[id] = true
	}
	seen := make([]*redis.StringCmd, len(devices))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, d := range devices {
			seen[i] = p.Get(ctx, keySeen(d.ID))
		}
		return nil
	})
	if err != nil && !isNil(err) {
		return fmt.Errorf("devices last seen: %w", err)
	}
	for i := range devices {
		// A revoked device's connections close within a second; it is not
		// shown online for the moment its replica takes to say so.
		devices[i].Online = online[devices[i].ID] && !devices[i].Revoked
		if at, err := seen[i].Result(); err == nil {
			devices[i].LastSeen, _ = time.Parse(time.RFC3339Nano, at)
		}
	}
	return nil
}
