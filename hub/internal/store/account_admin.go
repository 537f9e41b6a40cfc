package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Each change here appends its audit entry e in the same script as the
// change: the log has the entry exactly when the change happened.

// DisableUser stops a person signing in and ends their sessions and live
// connections on every hub. The last enabled admin cannot be disabled, so
// someone can always run the hub: the check and the change are one script,
// so two admins disabling each other at once leave one enabled.
func (s *Store) DisableUser(ctx context.Context, username string, e AuditEntry) error {
	return s.updateUser(ctx, username, "disable", e, "disabled_at", isoTime(time.Now()))
}

// EnableUser lets a disabled person sign in again. Sessions ended by the
// disabling stay ended.
func (s *Store) EnableUser(ctx context.Context, username string, e AuditEntry) error {
	err := s.changeAccount(ctx, keyUser(username), "update", "unknown_user", map[string]string{"disabled_at": ""}, e)
	return userError("enable", username, err)
}

// SetPassword stores a person's new password hash and ends their
// sessions: whoever knew the old password is signed out.
func (s *Store) SetPassword(ctx context.Context, username, hash string, e AuditEntry) error {
	return s.updateUser(ctx, username, "set the password of", e, "password", hash)
}

// EndSessions signs a person out everywhere: their sessions stop working
// and their live connections close, on every hub. They may sign in again.
func (s *Store) EndSessions(ctx context.Context, username string, e AuditEntry) error {
	return s.updateUser(ctx, username, "end the sessions of", e)
}

// updateUser sets fields (name, value pairs) of an account and ends every
// session begun before now (sessions_from), then ends the live connections.
func (s *Store) updateUser(ctx context.Context, username, what string, e AuditEntry, fields ...string) error {
	set := map[string]string{"sessions_from": isoTime(time.Now())}
	for i := 0; i+1 < len(fields); i += 2 {
		set[fields[i]] = fields[i+1]
	}
	if err := s.changeAccount(ctx, keyUser(username), "update", "unknown_user", set, e); err != nil {
		return userError(what, username, err)
	}
	return s.Revoke(ctx, auth.Revocation{Principal: username})
}

// userError is a change of username's account that failed: a refusal as
// it is, naming the username when there is no such user; any other error
// with what was being done.
func userError(what, username string, err error) error {
	var pe *protocol.Error
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &pe):
		return fmt.Errorf("%s %s: %w", what, username, err)
	case pe.Code == protocol.CodeNotFound:
		return words.UnknownUser.Fill(username).ErrorOn(protocol.CodeNotFound, "username")
	}
	return pe
}
