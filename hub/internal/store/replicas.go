package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ReplicaWait is how a state change is made to survive a failover: after
// the script, on the same connection, WAIT for Replicas replicas to confirm
// they hold it, at most Timeout. A change not confirmed in time is reported
// as a failure the client retries with the same request id (the script's
// reply is kept under it, so the retry does not change the state twice and
// only waits again). Zero Replicas waits for none: the hub's own
// redis-server has no replica.
type ReplicaWait struct {
	Replicas int
	Timeout  time.Duration
}

// ErrNotReplicated is a change made on the master that too few replicas
// confirmed in time: it may be lost in a failover, so it is not
// acknowledged. Clients see "unavailable" and retry with the same request id.
var ErrNotReplicated = errors.New("the change is not confirmed by enough replicas")

// SetReplicaWait makes every later script wait for replicas; call it before
// the store is used.
func (s *Store) SetReplicaWait(w ReplicaWait) { s.wait = w }

// runWaiting runs a script and WAITs on the connection that ran it. On a
// Cluster, that is a connection to the master of the script's first key;
// a MOVED reply during a failover is returned, and retried by the client.
func (s *Store) runWaiting(ctx context.Context, sc *redis.Script, keys []string, args ...any) (any, error) {
	var node redis.Cmdable = s.rdb
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		c, err := cc.MasterForKey(ctx, keys[0])
		if err != nil {
			return nil, fmt.Errorf("find the master of %s: %w", keys[0], err)
		}
		node = c
	}
	eval, wait := s.evalAndWait(ctx, node, sc.Hash(), keys, args)
	if err := eval.Err(); err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT") {
		// The script cache was emptied (a restart, a failover): load it and
		// try once more.
		if err := sc.Load(ctx, node).Err(); err != nil {
			return nil, fmt.Errorf("load script: %w", err)
		}
		eval, wait = s.evalAndWait(ctx, node, sc.Hash(), keys, args)
	}
	v, err := eval.Result()
	if err != nil {
		return nil, storeError(err)
	}
	n, err := wait.Int64()
	if err != nil {
		return nil, fmt.Errorf("wait for replicas: %w", err)
	}
	if int(n) < s.wait.Replicas {
		return nil, fmt.Errorf("%w: %d of %d within %v", ErrNotReplicated, n, s.wait.Replicas, s.wait.Timeout)
	}
	return v, nil
}

// evalAndWait sends EVALSHA and WAIT in one pipeline: one connection, the
// WAIT right after the script.
func (s *Store) evalAndWait(ctx context.Context, node redis.Cmdable, sha string, keys []string, args []any) (eval, wait *redis.Cmd) {
	pipe := node.Pipeline()
	eval = pipe.EvalSha(ctx, sha, keys, args...)
	wait = pipe.Do(ctx, "WAIT", s.wait.Replicas, s.wait.Timeout.Milliseconds())
	pipe.Exec(ctx) // each command's error is its own
	return eval, wait
}
