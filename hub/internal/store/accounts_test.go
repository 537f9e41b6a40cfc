package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestDevicesAuthenticate(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	for _, role := range []protocol.Role{protocol.RoleKiosk, protocol.RoleDisplay} {
		id, token, err := s.AddDevice(ctx, branch, role)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(id, string(role)+"-") || !strings.HasPrefix(token, id+".") {
			t.Fatalf("AddDevice(%s) = %q, %q", role, id, token)
		}
		p, err := s.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		want := auth.Principal{ID: id, Role: role, Branch: branch}
		if !reflect.DeepEqual(p, want) {
			t.Fatalf("Authenticate = %+v, want %+v", p, want)
		}
		// The same id with another secret is refused.
		_, err = s.Authenticate(ctx, auth.NewDeviceToken(id))
		wantCode(t, err, protocol.CodeUnauthenticated)

		if err := s.RevokeDevice(ctx, id, AuditEntry{}); err != nil {
			t.Fatal(err)
		}
		_, err = s.Authenticate(ctx, token)
		wantCode(t, err, protocol.CodeUnauthenticated)
	}
	wantCode(t, s.RevokeDevice(ctx, "kiosk-000000", AuditEntry{}), protocol.CodeNotFound)
	if n, _ := s.Redis().Exists(ctx, keyDevice("kiosk-000000")).Result(); n != 0 {
		t.Fatal("revoking an unknown device created it")
	}

	for _, role := range []protocol.Role{protocol.RoleOfficer, "robot"} {
		_, _, err := s.AddDevice(ctx, branch, role)
		wantCode(t, err, protocol.CodeBadRequest)
	}
	_, _, err := s.AddDevice(ctx, "bad:branch", protocol.RoleKiosk)
	wantCode(t, err, protocol.CodeBadRequest)

	devices, err := s.ListDevices(ctx, branch)
	if err != nil {
		t.Fatal(err)
	}
	if len(devices) != 2 || !devices[0].Revoked || devices[0].Role != protocol.RoleDisplay || devices[1].Role != protocol.RoleKiosk {
		t.Fatalf("ListDevices = %+v", devices)
	}
	if other, _ := s.ListDevices(ctx, "khobar"); len(other) != 0 {
		t.Fatalf("ListDevices of another branch = %+v", other)
	}
}

func TestUsersSignIn(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	user, password, err := s.AddUser(ctx, branch, protocol.RoleOfficer, "Sara Hassan", "")
	if err != nil {
		t.Fatal(err)
	}
	if user != "sara.hassan" || len(password) != auth.PasswordLen {
		t.Fatalf("AddUser = %q, %q", user, password)
	}
	token, p, err := s.SignIn(ctx, " Sara.Hassan", password, "203.0.113.5", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	want := auth.Principal{ID: "sara.hassan", Name: "Sara Hassan", Role: protocol.RoleOfficer, Branch: branch}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("SignIn principal = %+v, want %+v", p, want)
	}
	if got, err := s.Authenticate(ctx, token); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Authenticate = %+v, %v", got, err)
	}
	if ttl := s.Redis().PTTL(ctx, keySession(auth.HashToken(token))).Val(); ttl <= 0 || ttl > time.Hour {
		t.Fatalf("session ttl %v", ttl)
	}
	if err := s.SignOut(ctx, token); err != nil {
		t.Fatal(err)
	}
	_, err = s.Authenticate(ctx, token)
	wantCode(t, err, protocol.CodeUnauthenticated)

	// An Arabic name gets a role-based username.
	ar, _, err := s.AddUser(ctx, branch, protocol.RoleManager, "علي الزهراني", "")
	if err != nil || !strings.HasPrefix(ar, "manager-") {
		t.Fatalf("AddUser(Arabic name) = %q, %v", ar, err)
	}

	for _, c := range []struct {
		name, field    string
		role           protocol.Role
		person, wanted string
	}{
		{"duplicate derived", "username", protocol.RoleOfficer, "Sara Hassan", ""},
		{"duplicate given", "username", protocol.RoleAdmin, "Someone", "SARA.hassan"},
		{"bad username", "username", protocol.RoleOfficer, "Someone", "sa ra"},
		{"reserved username", "username", protocol.RoleOfficer, "Someone", "Citizen"},
		{"device role", "role", protocol.RoleKiosk, "Someone", ""},
		{"no name", "name", protocol.RoleOfficer, "  ", "someone"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := s.AddUser(ctx, branch, c.role, c.person, c.wanted)
			wantCode(t, err, protocol.CodeBadRequest)
			if pe := err.(*protocol.Error); pe.Field != c.field {
				t.Fatalf("error field %q, want %q", pe.Field, c.field)
			}
		})
	}
	users, err := s.ListUsers(ctx, branch)
	if err != nil || len(users) != 2 || users[0].Username != ar || users[1].Username != "sara.hassan" {
		t.Fatalf("ListUsers = %+v, %v", users, err)
	}
}

// A manager's region comes back with every sign-in; it is for managers
// only and can be ended.
func TestSetRegion(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	manager, password, err := s.AddUser(ctx, "qatif", protocol.RoleManager, "Reem", "reem")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRegion(ctx, manager, []string{"safwa", "saihat"}, AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	_, p, err := s.SignIn(ctx, manager, password, "203.0.113.5", time.Hour)
	if err != nil || !reflect.DeepEqual(p.Region, []string{"safwa", "saihat"}) {
		t.Fatalf("SignIn = %+v, %v", p, err)
	}
	if err := s.SetRegion(ctx, manager, nil, AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	if _, p, _ = s.SignIn(ctx, manager, password, "203.0.113.5", time.Hour); p.Region != nil {
		t.Fatalf("region after ending it: %v", p.Region)
	}

	officer, _, err := s.AddUser(ctx, "qatif", protocol.RoleOfficer, "Sara", "sara")
	if err != nil {
		t.Fatal(err)
	}
	err = s.SetRegion(ctx, officer, []string{"safwa"}, AuditEntry{})
	wantCode(t, err, protocol.CodeBadRequest)
	wantCode(t, s.SetRegion(ctx, "nobody", []string{"safwa"}, AuditEntry{}), protocol.CodeNotFound)
	wantCode(t, s.SetRegion(ctx, manager, []string{"safwa", "no:colons"}, AuditEntry{}), protocol.CodeBadRequest)
	if region := s.Redis().HGet(ctx, keyUser(manager), "region").Val(); region != "" {
		t.Fatalf("a refused region was stored: %q", region)
	}
}

func TestAuthenticateRefuses(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	_, password, err := s.AddUser(ctx, branch, protocol.RoleOfficer, "Ali", "ali")
	if err != nil {
		t.Fatal(err)
	}
	short, _, err := s.SignIn(ctx, "ali", password, "203.0.113.5", 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond)
	for _, c := range []struct{ name, token string }{
		{"empty", ""},
		{"garbage", "not a token"},
		{"unknown session", auth.NewSessionToken()},
		{"unknown device", auth.NewDeviceToken("kiosk-abcdef")},
		{"expired session", short},
		{"session with a dot", short + "." + short},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Authenticate(ctx, c.token)
			wantCode(t, err, protocol.CodeUnauthenticated)
		})
	}
}

func TestSignInLockout(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	_, password, err := s.AddUser(ctx, branch, protocol.RoleOfficer, "Ali", "ali")
	if err != nil {
		t.Fatal(err)
	}
	const guesser, desk = "198.51.100.66", "10.1.2.3"
	for i := range MaxSignInFailures {
		_, _, err := s.SignIn(ctx, "ali", password+"x", guesser, time.Hour)
		wantCode(t, err, protocol.CodeUnauthenticated)
		if i == 0 {
			// One success resets the address's count.
			if _, _, err := s.SignIn(ctx, "ali", password, guesser, time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.SignIn(ctx, "ali", password+"x", guesser, time.Hour); err == nil {
				t.Fatal("wrong password accepted")
			}
		}
	}
	// Now even the right password is refused from the guesser's address.
	_, _, err = s.SignIn(ctx, "ali", password, guesser, time.Hour)
	wantCode(t, err, protocol.CodeRateLimited)
	if ttl := s.Redis().PTTL(ctx, keySignInFailures("ali", guesser)).Val(); ttl <= SignInLockout-time.Minute || ttl > SignInLockout {
		t.Fatalf("lockout ttl %v", ttl)
	}
	// The officer at their own desk still signs in, slowed while the
	// username is being guessed at.
	start := time.Now()
	if _, _, err := s.SignIn(ctx, "ali", password, desk, time.Hour); err != nil {
		t.Fatalf("the right password from the officer's desk: %v", err)
	}
	if waited := time.Since(start); waited < SignInSlowBy {
		t.Fatalf("sign-in of a guessed username took %v, not slowed by %v", waited, SignInSlowBy)
	}
	// Unknown usernames lock the same way, so a lockout does not reveal
	// which usernames exist.
	for range MaxSignInFailures {
		_, _, err := s.SignIn(ctx, "nobody", "whatever", guesser, time.Hour)
		wantCode(t, err, protocol.CodeUnauthenticated)
	}
	_, _, err = s.SignIn(ctx, "nobody", "whatever", guesser, time.Hour)
	wantCode(t, err, protocol.CodeRateLimited)

	// When the lockout ends, the right password works again.
	s.Redis().Del(ctx, keySignInFailures("ali", guesser))
	if _, _, err := s.SignIn(ctx, "ali", password, guesser, time.Hour); err != nil {
		t.Fatal(err)
	}
}

// On Redis Cluster the failure counters, the account and the session are in
// different slots: signing in, out and authenticating still work.
func TestSignInOnCluster(t *testing.T) {
	cluster := redistest.StartCluster(t)
	s := New(cluster.Client())
	ctx := context.Background()
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	user, password, err := s.AddUser(ctx, branch, protocol.RoleOfficer, "Sara Hassan", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SignIn(ctx, user, password+"x", "203.0.113.5", time.Hour); !errors.Is(err, &protocol.Error{Code: protocol.CodeUnauthenticated}) {
		t.Fatalf("wrong password on Cluster: %v", err)
	}
	token, p, err := s.SignIn(ctx, user, password, "203.0.113.5", time.Hour)
	if err != nil {
		t.Fatalf("sign in on Cluster: %v", err)
	}
	if got, err := s.Authenticate(ctx, token); err != nil || got.ID != p.ID {
		t.Fatalf("Authenticate on Cluster = %+v, %v", got, err)
	}
	if err := s.SignOut(ctx, token); err != nil {
		t.Fatalf("sign out on Cluster: %v", err)
	}
	_, err = s.Authenticate(ctx, token)
	wantCode(t, err, protocol.CodeUnauthenticated)
}

func TestConcurrentAddUserOneWins(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	const n = 8
	var wg sync.WaitGroup
	passwords := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, passwords[i], errs[i] = s.AddUser(ctx, branch, protocol.RoleOfficer, "Ali", "ali")
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			if won >= 0 {
				t.Fatalf("AddUser succeeded twice (%d and %d)", won, i)
			}
			won = i
		} else {
			wantCode(t, err, protocol.CodeBadRequest)
		}
	}
	if won < 0 {
		t.Fatal("no AddUser succeeded")
	}
	// The stored account is the winner's.
	if _, _, err := s.SignIn(ctx, "ali", passwords[won], "203.0.113.5", time.Hour); err != nil {
		t.Fatalf("winner cannot sign in: %v", err)
	}
}

// TestNoSecretsInClear looks through every key and value in Redis for a
// password or token the store handed out.
func TestNoSecretsInClear(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	_, devToken, err := s.AddDevice(ctx, branch, protocol.RoleKiosk)
	if err != nil {
		t.Fatal(err)
	}
	_, password, err := s.AddUser(ctx, branch, protocol.RoleAdmin, "Admin", "admin")
	if err != nil {
		t.Fatal(err)
	}
	session, _, err := s.SignIn(ctx, "admin", password, "203.0.113.5", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, secret, _ := strings.Cut(devToken, ".")
	var dump strings.Builder
	keys, err := s.Redis().Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		dump.WriteString(k + "\n")
		if k == keyAdmins { // the one set: usernames
			members, err := s.Redis().SMembers(ctx, k).Result()
			if err != nil {
				t.Fatal(err)
			}
			dump.WriteString(strings.Join(members, "\n") + "\n")
			continue
		}
		h, err := s.Redis().HGetAll(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		for f, v := range h {
			dump.WriteString(f + "=" + v + "\n")
		}
	}
	if !strings.Contains(dump.String(), "$argon2id$") {
		t.Fatalf("the dump does not hold the password hash; did it read the keys?\n%s", dump.String())
	}
	for _, secretValue := range []string{password, secret, session} {
		if strings.Contains(dump.String(), secretValue) {
			t.Fatalf("%q stored in clear:\n%s", secretValue, dump.String())
		}
	}
}
