package store

import (
	"context"
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
	var taken string
	for _, role := range []protocol.Role{protocol.RoleKiosk, protocol.RoleDisplay} {
		id, token, err := addDevice(ctx, s, branch, role, "")
		if err != nil {
			t.Fatal(err)
		}
		taken = id
		if !strings.HasPrefix(id, string(role)+"-") || !strings.HasPrefix(token, id+".") {
			t.Fatalf("addDevice(%s) = %q, %q", role, id, token)
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

	// An id already taken, and a branch that cannot be part of a key, are
	// refused; the rules of what a device may be are actions' (enrol.go).
	err := s.CreateDevice(ctx, NewDevice{ID: taken, Role: protocol.RoleDisplay, Branch: branch, TokenHash: "x"}, AuditEntry{})
	wantCode(t, err, protocol.CodeBadRequest)
	_, _, err = addDevice(ctx, s, "bad:branch", protocol.RoleKiosk, "")
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

func TestUsersSessions(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	user, password, err := addUser(ctx, s, branch, protocol.RoleOfficer, "Sara Hassan", "sara.hassan")
	if err != nil {
		t.Fatal(err)
	}
	want := auth.Principal{ID: "sara.hassan", Name: "Sara Hassan", Role: protocol.RoleOfficer, Branch: branch}
	l, ok, err := s.Login(ctx, user)
	if match, _ := auth.CheckPassword(l.PasswordHash, password); err != nil || !ok || !match || l.Disabled || !reflect.DeepEqual(l.Principal, want) {
		t.Fatalf("Login = %+v, %v, %v; the password matches: %v", l, ok, err, match)
	}
	if _, ok, err := s.Login(ctx, "nobody"); ok || err != nil {
		t.Fatalf("Login of nobody: %v, %v", ok, err)
	}
	token := session(t, s, user, time.Hour)
	if got, err := s.Authenticate(ctx, token); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Authenticate = %+v, %v", got, err)
	}
	if ttl := s.Redis().PTTL(ctx, keySession(auth.HashToken(token))).Val(); ttl <= 0 || ttl > time.Hour {
		t.Fatalf("session ttl %v", ttl)
	}
	if err := s.EndSession(ctx, auth.HashToken(token)); err != nil {
		t.Fatal(err)
	}
	_, err = s.Authenticate(ctx, token)
	wantCode(t, err, protocol.CodeUnauthenticated)

	// A username in use is refused, naming the field; the rules of what
	// a username may be are actions' (enrol.go).
	_, _, err = addUser(ctx, s, branch, protocol.RoleAdmin, "Someone", "sara.hassan")
	wantCode(t, err, protocol.CodeBadRequest)
	if pe := err.(*protocol.Error); pe.Field != "username" {
		t.Fatalf("error field %q, want username", pe.Field)
	}
	ar, _, err := addUser(ctx, s, branch, protocol.RoleManager, "علي الزهراني", "manager-3f9a1c")
	if err != nil {
		t.Fatal(err)
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
	manager, _, err := addUser(ctx, s, "qatif", protocol.RoleManager, "Reem", "reem")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRegion(ctx, manager, []string{"safwa", "saihat"}, AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	token := session(t, s, manager, time.Hour)
	p, err := s.Authenticate(ctx, token)
	if err != nil || !reflect.DeepEqual(p.Region, []string{"safwa", "saihat"}) {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	if err := s.SetRegion(ctx, manager, nil, AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	if p, _ = s.Authenticate(ctx, token); p.Region != nil {
		t.Fatalf("region after ending it: %v", p.Region)
	}

	officer, _, err := addUser(ctx, s, "qatif", protocol.RoleOfficer, "Sara", "sara")
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
	if _, _, err := addUser(ctx, s, branch, protocol.RoleOfficer, "Ali", "ali"); err != nil {
		t.Fatal(err)
	}
	short := session(t, s, "ali", 50*time.Millisecond)
	time.Sleep(60 * time.Millisecond) // on purpose: the session expires meanwhile
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

// Failed sign-ins are counted from an address and from everywhere, for
// known and unknown usernames alike; a limit reached holds for the window,
// and a session opened from the address clears only its count.
func TestSignInFailuresCounted(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	const guesser, desk = "198.51.100.66", "10.1.2.3"
	for range 5 {
		for _, name := range []string{"ali", "nobody"} {
			if err := s.SignInFailed(ctx, name, guesser, 5, 5*time.Minute); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.SignInFailed(ctx, "ali", desk, 5, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, addr        string
		fromAddr, fromAll int
	}{{"ali", guesser, 5, 6}, {"ali", desk, 1, 6}, {"nobody", guesser, 5, 5}, {"sara", guesser, 0, 0}} {
		a, all, err := s.SignInFailures(ctx, c.name, c.addr)
		if err != nil || a != c.fromAddr || all != c.fromAll {
			t.Errorf("failures of %s from %s = %d, %d, %v; want %d, %d", c.name, c.addr, a, all, err, c.fromAddr, c.fromAll)
		}
	}
	if ttl := s.Redis().PTTL(ctx, keySignInFailures("ali", guesser)).Val(); ttl <= 4*time.Minute || ttl > 5*time.Minute {
		t.Fatalf("lockout ttl %v", ttl)
	}
	if err := s.OpenSession(ctx, "ali", desk, auth.HashToken(auth.NewSessionToken()), time.Hour); err != nil {
		t.Fatal(err)
	}
	if a, all, _ := s.SignInFailures(ctx, "ali", desk); a != 0 || all != 6 {
		t.Fatalf("after a session from the desk: %d from it, %d from everywhere; want 0, 6", a, all)
	}
}

// On Redis Cluster the failure counters, the account and the session are in
// different slots: what signing in, out and authenticating do still works.
func TestSignInOnCluster(t *testing.T) {
	cluster := redistest.StartCluster(t)
	s := New(cluster.Client())
	ctx := context.Background()
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	user, password, err := addUser(ctx, s, branch, protocol.RoleOfficer, "Sara Hassan", "sara.hassan")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SignInFailed(ctx, user, "203.0.113.5", 5, time.Minute); err != nil {
		t.Fatalf("a failed sign-in on Cluster: %v", err)
	}
	if n, _, err := s.SignInFailures(ctx, user, "203.0.113.5"); n != 1 || err != nil {
		t.Fatalf("failures on Cluster: %d, %v", n, err)
	}
	l, ok, err := s.Login(ctx, user)
	if match, _ := auth.CheckPassword(l.PasswordHash, password); !ok || err != nil || !match {
		t.Fatalf("Login on Cluster: %v, %v, the password matches: %v", ok, err, match)
	}
	token := session(t, s, user, time.Hour)
	if got, err := s.Authenticate(ctx, token); err != nil || got.ID != user {
		t.Fatalf("Authenticate on Cluster = %+v, %v", got, err)
	}
	if err := s.EndSession(ctx, auth.HashToken(token)); err != nil {
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
			_, passwords[i], errs[i] = addUser(ctx, s, branch, protocol.RoleOfficer, "Ali", "ali")
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
	l, _, _ := s.Login(ctx, "ali")
	if match, err := auth.CheckPassword(l.PasswordHash, passwords[won]); !match {
		t.Fatalf("the stored password is not the winner's: %v", err)
	}
}

// TestNoSecretsInClear looks through every key and value in Redis for a
// password or token the store handed out.
func TestNoSecretsInClear(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	_, devToken, err := addDevice(ctx, s, branch, protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	_, password, err := addUser(ctx, s, branch, protocol.RoleAdmin, "Admin", "admin")
	if err != nil {
		t.Fatal(err)
	}
	session := session(t, s, "admin", time.Hour)
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

// session opens a session for username, as a sign-in does once the
// password is right (actions.SignIn), and returns its token.
func session(t *testing.T, s *Store, username string, ttl time.Duration) string {
	t.Helper()
	token := auth.NewSessionToken()
	if err := s.OpenSession(context.Background(), username, "203.0.113.5", auth.HashToken(token), ttl); err != nil {
		t.Fatal(err)
	}
	return token
}

// addDevice stores a device with a token minted as actions.NewDevice mints
// one (the store's tests cannot import actions, which imports the store).
func addDevice(ctx context.Context, s *Store, branch string, role protocol.Role, name string) (id, token string, err error) {
	id = auth.NewDeviceID(role)
	token = auth.NewDeviceToken(id)
	err = s.CreateDevice(ctx, NewDevice{ID: id, Name: name, Role: role, Branch: branch, TokenHash: auth.HashToken(token)}, AuditEntry{})
	return id, token, err
}

// addUser stores a person with a password minted as actions.NewUser mints
// one, with the audit entry e, if any.
func addUser(ctx context.Context, s *Store, branch string, role protocol.Role, name, username string, e ...AuditEntry) (user, password string, err error) {
	password = auth.NewPassword()
	var entry AuditEntry
	if len(e) > 0 {
		entry = e[0]
	}
	err = s.CreateUser(ctx, NewUser{Username: username, Name: name, Role: role, Branch: branch, PasswordHash: auth.HashPassword(password)}, entry)
	return username, password, err
}
