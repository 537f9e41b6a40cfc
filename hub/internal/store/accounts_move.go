package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// keyAccountsMoved marks that MoveAccounts has done its work.
const keyAccountsMoved = accountsTag + "moved"

// MoveAccounts moves the accounts and the audit log of a hub from before
// the {accounts} hash tag (device:<id>, user:<username>, apikey:<hash>,
// audit) to their keys now, filling the set of enabled admins on the way.
// It does its work once, then marks it done; hubs starting together may
// run it at once: an account is copied only where there is none yet, and an
// audit entry keeps its id, so a second copy of it is refused.
func (s *Store) MoveAccounts(ctx context.Context) error {
	done, err := s.rdb.Exists(ctx, keyAccountsMoved).Result()
	if err != nil || done == 1 {
		return err
	}
	for old, key := range map[string]func(string) string{"device:": keyDevice, "user:": keyUser, "apikey:": keyAPIKey} {
		accounts := map[string]map[string]string{}
		if err := s.scanHashes(ctx, old+"*", func(k string, h map[string]string) { accounts[k] = h }); err != nil {
			return fmt.Errorf("move accounts: %w", err)
		}
		for k, h := range accounts {
			err := s.changeAccount(ctx, key(strings.TrimPrefix(k, old)), "create", "moved", h, AuditEntry{})
			if err != nil && !errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
				return fmt.Errorf("move account %s: %w", k, err)
			}
			if err := s.rdb.Del(ctx, k).Err(); err != nil {
				return fmt.Errorf("move account %s: %w", k, err)
			}
		}
	}
	if err := s.moveAuditLog(ctx, "audit"); err != nil {
		return err
	}
	return s.rdb.Set(ctx, keyAccountsMoved, 1, 0).Err()
}

// moveAuditLog copies the entries of the audit log at old, with their ids,
// to the log now, then deletes old.
func (s *Store) moveAuditLog(ctx context.Context, old string) error {
	for start := "-"; ; {
		msgs, err := s.rdb.XRangeN(ctx, old, start, "+", 500).Result()
		if err != nil {
			return fmt.Errorf("move audit log: %w", err)
		}
		if len(msgs) == 0 {
			break
		}
		for _, m := range msgs {
			err := s.rdb.XAdd(ctx, &redis.XAddArgs{Stream: keyAudit, ID: m.ID, Values: m.Values}).Err()
			// Refused when the entry, or a later one, is there already.
			if err != nil && !strings.Contains(err.Error(), "equal or smaller") {
				return fmt.Errorf("move audit entry %s: %w", m.ID, err)
			}
		}
		start = "(" + msgs[len(msgs)-1].ID
	}
	return s.rdb.Del(ctx, old).Err()
}
