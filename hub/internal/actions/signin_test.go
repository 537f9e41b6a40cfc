package actions

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A person signs in with the username as typed (case and spaces aside) and
// the password they were given; each attempt is audited; signing out ends
// the session.
func TestSignIn(t *testing.T) {
	a, st := newActions(t, time.Now())
	ctx := context.Background()
	user, password := addUser(t, st, "qatif", protocol.RoleOfficer, "", false, "Sara Hassan", "")
	if _, _, err := a.SignIn(ctx, user, password+"x", "203.0.113.5"); code(err) != protocol.CodeUnauthenticated {
		t.Fatalf("a wrong password: %v", err)
	}
	token, p, err := a.SignIn(ctx, " Sara.Hassan", password, "203.0.113.5")
	if err != nil {
		t.Fatal(err)
	}
	want := auth.Principal{ID: "sara.hassan", Name: "Sara Hassan", Role: protocol.RoleOfficer, Branch: "qatif"}
	if got, err := a.Authenticate(ctx, token); !reflect.DeepEqual(p, want) || err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("signed in as %+v, authenticated as %+v, %v; want %+v", p, got, err, want)
	}
	log, err := st.AuditLog(ctx, time.Time{}, 10)
	if err != nil || len(log) != 2 || log[0].Action != AuditSignInFailed || log[1].Action != AuditSignIn || log[1].Addr != "203.0.113.5" {
		t.Fatalf("audit log %+v, %v", log, err)
	}
	if err := a.SignOut(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(ctx, token); code(err) != protocol.CodeUnauthenticated {
		t.Fatalf("after signing out: %v", err)
	}
	if err := a.SignOut(ctx, "not a token"); code(err) != protocol.CodeUnauthenticated {
		t.Fatalf("signing out a non-token: %v", err)
	}
}

// Wrong passwords lock the username from the guesser's address only; the
// officer at their desk still signs in, slowed while the name is guessed at.
func TestSignInLockout(t *testing.T) {
	a, st := newActions(t, time.Now())
	ctx := context.Background()
	_, password := addUser(t, st, "qatif", protocol.RoleOfficer, "", false, "Ali", "ali")
	const guesser, desk = "198.51.100.66", "10.1.2.3"
	for i := range MaxSignInFailures {
		if _, _, err := a.SignIn(ctx, "ali", password+"x", guesser); code(err) != protocol.CodeUnauthenticated {
			t.Fatalf("wrong password %d: %v", i, err)
		}
		if i == 0 {
			// One success resets the address's count.
			if _, _, err := a.SignIn(ctx, "ali", password, guesser); err != nil {
				t.Fatal(err)
			}
			if _, _, err := a.SignIn(ctx, "ali", password+"x", guesser); err == nil {
				t.Fatal("wrong password accepted")
			}
		}
	}
	// Now even the right password is refused from the guesser's address.
	if _, _, err := a.SignIn(ctx, "ali", password, guesser); code(err) != protocol.CodeRateLimited {
		t.Fatalf("the right password from the guesser: %v", err)
	}
	start := time.Now()
	if _, _, err := a.SignIn(ctx, "ali", password, desk); err != nil {
		t.Fatalf("the right password from the officer's desk: %v", err)
	}
	if waited := time.Since(start); waited < SignInSlowBy {
		t.Fatalf("sign-in of a guessed username took %v, not slowed by %v", waited, SignInSlowBy)
	}
	// Unknown usernames lock the same way, so a lockout does not reveal
	// which usernames exist.
	for range MaxSignInFailures {
		if _, _, err := a.SignIn(ctx, "nobody", "whatever", guesser); code(err) != protocol.CodeUnauthenticated {
			t.Fatal(err)
		}
	}
	if _, _, err := a.SignIn(ctx, "nobody", "whatever", guesser); code(err) != protocol.CodeRateLimited {
		t.Fatalf("an unknown name after the limit: %v", err)
	}
}
