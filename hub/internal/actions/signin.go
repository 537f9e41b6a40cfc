package actions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// SessionLifetime is how long a sign-in lasts: one working day and a margin.
const SessionLifetime = 12 * time.Hour

// Sign-in lockout: after MaxSignInFailures wrong passwords for a username
// from one client address, sign-in for it from that address is refused
// (rate_limited) for SignInLockout, even with the right password. Other
// addresses are not locked, so a guesser cannot lock an officer out of their
// desk; once a username has MaxSignInFailures failures from anywhere, every
// sign-in for it waits SignInSlowBy first, which slows guessers spread over
// many addresses. The counts are kept whether or not the account exists, so
// the lockout does not tell a guesser which usernames are real.
const (
	MaxSignInFailures = 5
	SignInLockout     = 5 * time.Minute
	SignInSlowBy      = time.Second
)

var (
	errWrongPassword = words.WrongPassword.Error(protocol.CodeUnauthenticated)
	errLockedOut     = words.LockedOut.Fill(int(SignInLockout.Minutes())).Error(protocol.CodeRateLimited)
)

// SignIn checks a person's password, given from the client address addr,
// and opens a session lasting SessionLifetime. The attempt, and why it
// failed, goes to the audit log.
func (a *Actions) SignIn(ctx context.Context, username, password, addr string) (string, auth.Principal, error) {
	token, p, err := a.signIn(ctx, username, password, addr)
	a.auditSignIn(ctx, username, addr, err)
	return token, p, err
}

// signIn is SignIn without its audit entry. Wrong usernames and wrong
// passwords get the same answer in about the same time.
func (a *Actions) signIn(ctx context.Context, typed, password, addr string) (string, auth.Principal, error) {
	username, ok := auth.NormalizeUsername(typed)
	if !ok {
		auth.CheckNoPassword(password)
		return "", auth.Principal{}, errWrongPassword
	}
	fromAddr, fromAll, err := a.store.SignInFailures(ctx, username, addr)
	if err != nil {
		return "", auth.Principal{}, err
	}
	if fromAddr >= MaxSignInFailures {
		return "", auth.Principal{}, errLockedOut
	}
	if fromAll >= MaxSignInFailures {
		select {
		case <-time.After(SignInSlowBy):
		case <-ctx.Done():
			return "", auth.Principal{}, fmt.Errorf("sign in %s: %w", username, ctx.Err())
		}
	}
	l, found, err := a.store.Login(ctx, username)
	if err != nil {
		return "", auth.Principal{}, fmt.Errorf("sign in %s: %w", username, err)
	}
	match := false
	if found {
		if match, err = auth.CheckPassword(l.PasswordHash, password); err != nil {
			return "", auth.Principal{}, fmt.Errorf("sign in %s: stored password: %w", username, err)
		}
	} else {
		auth.CheckNoPassword(password)
	}
	if !match {
		if err := a.store.SignInFailed(ctx, username, addr, MaxSignInFailures, SignInLockout); err != nil {
			return "", auth.Principal{}, err
		}
		return "", auth.Principal{}, errWrongPassword
	}
	// Said only after the right password, so it tells a guesser nothing.
	if l.Disabled {
		return "", auth.Principal{}, store.ErrUserDisabled
	}
	token := auth.NewSessionToken()
	if err := a.store.OpenSession(ctx, username, addr, auth.HashToken(token), SessionLifetime); err != nil {
		return "", auth.Principal{}, err
	}
	return token, l.Principal, nil
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
	if kind, _ := auth.ParseToken(token); kind != auth.TokenSession {
		return store.ErrUnauthenticated
	}
	return a.store.EndSession(ctx, auth.HashToken(token))
}
