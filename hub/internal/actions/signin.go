package actions

import (
	"context"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// SessionLifetime is how long a sign-in lasts: one working day and a margin.
const SessionLifetime = 12 * time.Hour

// SignIn checks a person's password, given from the client address addr,
// and opens a session lasting SessionLifetime. The attempt, and why it
// failed, goes to the audit log.
func (a *Actions) SignIn(ctx context.Context, username, password, addr string) (string, auth.Principal, error) {
	token, p, err := a.store.SignIn(ctx, username, password, addr, SessionLifetime)
	a.auditSignIn(ctx, username, addr, err)
	return token, p, err
}

// auditSignIn records a sign-in, or a failed one and why, in the audit
// log. The username tried is cut short: a guesser chooses it.
func (a *Actions) auditSignIn(ctx context.Context, username, addr string, err error) {
	e := store.AuditEntry{Actor: username, Addr: addr, Action: AuditSignIn}
	if len(e.Actor) > 64 {
		e.Actor = strings.ToValidUTF8(e.Actor[:64], "")
	}
	if err != nil {
		e.Action, e.Detail = AuditSignInFailed, err.Error()
	}
	if err := a.store.Audit(ctx, e); err != nil {
		a.log.Error("audit sign-in", "error", err)
	}
}

// SignOut ends a session, and the live connections opened with it on every
// hub. Ending one that is already gone is not an error.
func (a *Actions) SignOut(ctx context.Context, token string) error {
	return a.store.SignOut(ctx, token)
}
