package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
)

// revocationsChannel carries auth.Revocation notices (JSON) to every hub
// replica. Redis pub/sub reaches every node of a Cluster too.
const revocationsChannel = "shamil:revocations"

// Revoke tells every hub that a credential is no longer valid, so that they
// end the live connections opened with it. The caller has made the
// credential invalid in the store first (a new connection is refused).
// Sign-out, device revocation and disabling a user all end with this.
func (s *Store) Revoke(ctx context.Context, r auth.Revocation) error {
	msg, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	if err := s.rdb.Publish(ctx, revocationsChannel, msg).Err(); err != nil {
		return fmt.Errorf("revoke %s: %w", r.Principal, err)
	}
	return nil
}

// WatchRevocations subscribes to revocation notices and, once subscribed,
// calls each for every one, from a goroutine of its own, until ctx ends;
// wait waits for that goroutine. It listens on a connection of its own,
// outside the shared pool, which go-redis redials and resubscribes after a
// failure; notices sent while it is down are missed (the credential itself
// is already invalid: only connections open then live on, until they
// reconnect).
func (s *Store) WatchRevocations(ctx context.Context, log *slog.Logger, each func(auth.Revocation)) (wait func(), err error) {
	return s.watch(ctx, revocationsChannel, func(payload string) {
		var r auth.Revocation
		if err := json.Unmarshal([]byte(payload), &r); err != nil {
			log.Warn("revocation notice not understood", "payload", payload, "error", err)
			return
		}
		each(r)
	})
}

// watch subscribes to channel and, once subscribed, calls each with every
// message, from a goroutine of its own, until ctx ends; wait waits for
// that goroutine.
func (s *Store) watch(ctx context.Context, channel string, each func(payload string)) (wait func(), err error) {
	sub := s.rdb.Subscribe(ctx, channel)
	if _, err := sub.Receive(ctx); err != nil {
		sub.Close()
		return nil, fmt.Errorf("watch %s: %w", channel, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer sub.Close()
		ch := sub.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case m := <-ch:
				each(m.Payload)
			}
		}
	}()
	return func() { <-done }, nil
}
