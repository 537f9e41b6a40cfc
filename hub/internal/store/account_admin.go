package store

import (
	"context"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/words"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// DisableUser stops a person signing in and ends their sessions and live
// connections on every hub. The last enabled admin cannot be disabled, so
// someone can always run the hub.
func (s *Store) DisableUser(ctx context.Context, username string) error {
	u, err := s.user(ctx, username)
	if err != nil {
		return err
	}
	if protocol.Role(u["role"]) == protocol.RoleAdmin && u["disabled_at"] == "" {
		others := 0
		err := s.scanHashes(ctx, keyUser("*"), func(_ string, h map[string]string) {
			if h["username"] != username && protocol.Role(h["role"]) == protocol.RoleAdmin && h["disabled_at"] == "" {
				others++
			}
		})
		if err != nil {
			return fmt.Errorf("disable %s: count admins: %w", username, err)
		}
		// Two admins disabling each other at the same moment could both
		// pass this check; the command line can always enable one again.
		if others == 0 {
			return errLastAdmin
		}
	}
	return s.updateUser(ctx, username, "disable", "disabled_at", isoTime(time.Now()))
}

// EnableUser lets a disabled person sign in again. Sessions ended by the
// disabling stay ended.
func (s *Store) EnableUser(ctx context.Context, username string) error {
	if _, err := s.user(ctx, username); err != nil {
		return err
	}
	_, err := s.run(ctx, scriptAccountWrite, []string{keyUser(username)}, "update", "unknown_user", "disabled_at", "")
	if err != nil {
		return fmt.Errorf("enable %s: %w", username, err)
	}
	return nil
}

// ResetPassword gives a person a new generated password, returned once, and
// ends their sessions: whoever knew the old one is signed out.
func (s *Store) ResetPassword(ctx context.Context, username string) (string, error) {
	if _, err := s.user(ctx, username); err != nil {
		return "", err
	}
	password := auth.NewPassword()
	if err := s.updateUser(ctx, username, "reset the password of", "password", auth.HashPassword(password)); err != nil {
		return "", err
	}
	return password, nil
}

// EndSessions signs a person out everywhere: their sessions stop working
// and their live connections close, on every hub. They may sign in again.
func (s *Store) EndSessions(ctx context.Context, username string) error {
	if _, err := s.user(ctx, username); err != nil {
		return err
	}
	return s.updateUser(ctx, username, "end the sessions of")
}

// user reads an account, or says there is none.
func (s *Store) user(ctx context.Context, username string) (map[string]string, error) {
	u, err := s.rdb.HGetAll(ctx, keyUser(username)).Result()
	if err != nil {
		return nil, fmt.Errorf("read user %s: %w", username, err)
	}
	if len(u) == 0 {
		return nil, words.UnknownUser.Fill(username).ErrorOn(protocol.CodeNotFound, "username")
	}
	return u, nil
}

// updateUser sets fields of an account and ends every session begun before
// now (sessions_from), then ends the live connections.
func (s *Store) updateUser(ctx context.Context, username, what string, fields ...any) error {
	fields = append(fields, "sessions_from", isoTime(time.Now()))
	if _, err := s.run(ctx, scriptAccountWrite, []string{keyUser(username)}, append([]any{"update", "unknown_user"}, fields...)...); err != nil {
		return fmt.Errorf("%s %s: %w", what, username, err)
	}
	return s.Revoke(ctx, auth.Revocation{Principal: username})
}
