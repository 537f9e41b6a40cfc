// Package store keeps Shamil's state in Redis. Every change is one Lua
// script: it checks the rules, writes the state, remembers the reply under
// the request's idempotency key and appends the event to the branch's stream,
// all atomically. docs/redis.md lists the keys and the scripts.
package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// IdempotencyWindow is how long the reply to a state-changing request is
// remembered under its request id.
const IdempotencyWindow = 24 * time.Hour

// Store is the hub's state in Redis. It is safe for concurrent use.
type Store struct {
	rdb   redis.UniversalClient
	marks marks       // the numbers seen handed out, for failovers that lose them
	wait  ReplicaWait // see SetReplicaWait
}

// New wraps a Redis client. The client may be a single node, Sentinel or
// Cluster: every script touches the keys of one branch only, and those share
// a hash tag.
func New(rdb redis.UniversalClient) *Store {
	return &Store{rdb: rdb}
}

// Redis returns the client, for the event tailer and admin commands.
func (s *Store) Redis() redis.UniversalClient { return s.rdb }

// LoadScripts loads every script into Redis's script cache. With Cluster it
// loads them on every primary.
func (s *Store) LoadScripts(ctx context.Context) error {
	load := func(ctx context.Context, c redis.Scripter) error {
		for _, sc := range scripts {
			if err := sc.lua.Load(ctx, c).Err(); err != nil {
				return fmt.Errorf("load script %s: %w", sc.name, err)
			}
		}
		return nil
	}
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return load(ctx, c) })
	}
	return load(ctx, s.rdb)
}

// Ready reports whether the store answers and holds every script. On a
// Cluster it asks the masters only: scripts run there, and SCRIPT LOAD is
// not replicated, so a replica never holds them (go-redis's ScriptExists
// asks every node) until it is promoted and readiness loads them again.
func (s *Store) Ready(ctx context.Context) error {
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			if err := scriptsLoaded(ctx, c); err != nil {
				return fmt.Errorf("master %s: %w", c.Options().Addr, err)
			}
			return nil
		})
	}
	return scriptsLoaded(ctx, s.rdb)
}

func scriptsLoaded(ctx context.Context, c redis.Cmdable) error {
	if err := c.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis unreachable: %w", err)
	}
	hashes := make([]string, len(scripts))
	for i, sc := range scripts {
		hashes[i] = sc.lua.Hash()
	}
	found, err := c.ScriptExists(ctx, hashes...).Result()
	if err != nil {
		return fmt.Errorf("check scripts: %w", err)
	}
	for i, ok := range found {
		if !ok {
			return fmt.Errorf("script %s not loaded", scripts[i].name)
		}
	}
	return nil
}

// run runs a script and turns the hub's error replies into protocol errors.
func (s *Store) run(ctx context.Context, sc *redis.Script, keys []string, args ...any) (any, error) {
	if s.wait.Replicas > 0 {
		return s.runWaiting(ctx, sc, keys, args...)
	}
	v, err := sc.Run(ctx, s.rdb, keys, args...).Result()
	if err != nil {
		return nil, storeError(err)
	}
	return v, nil
}

// isNil reports a missing key.
func isNil(err error) bool { return errors.Is(err, redis.Nil) }

// ms is a time as Unix milliseconds, the unit every script uses.
func ms(t time.Time) int64 { return t.UnixMilli() }

// keyPart rejects ids that would break the key layout.
func keyPart(s string) bool {
	return s != "" && len(s) <= 64 && !strings.ContainsAny(s, "{}: \t\r\n")
}
