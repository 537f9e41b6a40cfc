package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// keySignInFailures counts the failed sign-ins for a username from one
// client address; keySignInGuessed those from everywhere.
func keySignInFailures(username, addr string) string { return "signin:" + username + ":" + addr }
func keySignInGuessed(username string) string        { return "signin:" + username }

// Device is a kiosk or display, as an admin sees it: LastSeen is the last
// minute it was connected to a hub (zero: never), Online whether a hub
// replica holds a live connection of it now (devices.go).
type Device struct {
	ID        string
	Name      string
	Role      protocol.Role
	Branch    string
	CreatedAt time.Time
	Revoked   bool
	LastSeen  time.Time `json:",omitzero"`
	Online    bool
}

// User is a person's account, as an admin sees it. Its password hash never
// leaves the store.
type User struct {
	Username  string
	Name      string
	Role      protocol.Role
	Branch    string
	Region    []string // a manager's further branches
	CreatedAt time.Time
	Disabled  bool
}

var (
	// ErrUnauthenticated refuses a token that is wrong, unknown, expired or
	// ended.
	ErrUnauthenticated = words.BadToken.Error(protocol.CodeUnauthenticated)
	errDeviceRevoked   = words.DeviceRevoked.Error(protocol.CodeUnauthenticated)
	// ErrUserDisabled refuses a disabled person's session, and their
	// sign-in once the password is right.
	ErrUserDisabled = words.UserDisabled.Error(protocol.CodeUnauthenticated)
)

// NewDevice is a kiosk or display to enrol, as actions minted it: only the
// hash of its token is stored, so the token cannot be shown again.
type NewDevice struct {
	ID        string
	Name      string
	Role      protocol.Role
	Branch    string
	TokenHash string
}

// CreateDevice stores a new device; an id already taken is refused (a bad
// request, reason device_id_taken). An admin's enrolment passes its audit
// entry, appended with the device (its Target set to the id); a test's
// fixture passes a zero one.
func (s *Store) CreateDevice(ctx context.Context, d NewDevice, e AuditEntry) error {
	if !keyPart(d.Branch) {
		return words.BadBranchID.Fill(d.Branch).FieldError("branch")
	}
	e.Target = d.ID
	err := s.changeAccount(ctx, keyDevice(d.ID), "create", "device_id_taken", map[string]string{
		"id": d.ID, "name": d.Name, "role": string(d.Role), "branch": d.Branch, "token": d.TokenHash, "created_at": isoTime(time.Now())}, e)
	if err != nil {
		return fmt.Errorf("add device: %w", err)
	}
	return nil
}

// RevokeDevice stops a device's token from working and ends its live
// connections on every hub. The device stays listed.
func (s *Store) RevokeDevice(ctx context.Context, id string, e AuditEntry) error {
	err := s.changeAccount(ctx, keyDevice(id), "update", "unknown_device", map[string]string{"revoked_at": isoTime(time.Now())}, e)
	if err != nil {
		return fmt.Errorf("revoke device %s: %w", id, err)
	}
	return s.Revoke(ctx, auth.Revocation{Principal: id})
}

// NewUser is a person's account to create, as actions checked and minted
// it: the password is stored only as its hash. A department's person
// (protocol.RoleDepartment) has a department, may be its head, and may have
// a mobile number (E.164) where the notifier tells a head of overdue cases.
type NewUser struct {
	Username     string
	Name         string
	Role         protocol.Role
	Branch       string
	PasswordHash string
	Department   string
	Head         bool
	Mobile       string
}

// CreateUser stores a person's new account; a username already in use is
// refused. e is as for CreateDevice.
func (s *Store) CreateUser(ctx context.Context, u NewUser, e AuditEntry) error {
	if !keyPart(u.Branch) {
		return words.BadBranchID.Fill(u.Branch).FieldError("branch")
	}
	fields := map[string]string{"username": u.Username, "name": u.Name, "role": string(u.Role), "branch": u.Branch,
		"password": u.PasswordHash, "created_at": isoTime(time.Now())}
	if u.Role == protocol.RoleDepartment {
		if !keyPart(u.Department) {
			return words.BadDepartmentCode.Fill(u.Department).FieldError("department")
		}
		fields["department"], fields["head"], fields["mobile"] = u.Department, "", u.Mobile
		if u.Head {
			fields["head"] = "1"
		}
	}
	e.Target = u.Username
	err := s.changeAccount(ctx, keyUser(u.Username), "create", "username_taken", fields, e)
	if errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
		return words.UsernameTaken.Fill(u.Username).FieldError("username")
	}
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Username, err)
	}
	return nil
}

// SignInFailures returns the failed sign-ins counted for a username from
// the client address addr, and from everywhere.
func (s *Store) SignInFailures(ctx context.Context, username, addr string) (fromAddr, fromAll int, err error) {
	if fromAddr, err = s.failures(ctx, keySignInFailures(username, addr)); err != nil {
		return 0, 0, fmt.Errorf("failed sign-ins of %s: %w", username, err)
	}
	if fromAll, err = s.failures(ctx, keySignInGuessed(username)); err != nil {
		return 0, 0, fmt.Errorf("failed sign-ins of %s: %w", username, err)
	}
	return fromAddr, fromAll, nil
}

// SignInFailed counts a failed sign-in for a username (known or not) from
// addr, on both counters. Each lasts window from its first failure;
// reaching limit keeps it there for window from then.
func (s *Store) SignInFailed(ctx context.Context, username, addr string, limit int, window time.Duration) error {
	if err := s.countFailure(ctx, limit, window, keySignInFailures(username, addr), keySignInGuessed(username)); err != nil {
		return fmt.Errorf("failed sign-in of %s: %w", username, err)
	}
	return nil
}

// Login is what signing a person in needs of their account.
type Login struct {
	Principal    auth.Principal
	PasswordHash string
	Disabled     bool
}

// Login reads a person's account for signing in; ok is false when there is
// none.
func (s *Store) Login(ctx context.Context, username string) (l Login, ok bool, err error) {
	u, err := s.rdb.HGetAll(ctx, keyUser(username)).Result()
	if err != nil || len(u) == 0 {
		return Login{}, false, err
	}
	return Login{Principal: userPrincipal(u), PasswordHash: u["password"], Disabled: u["disabled_at"] != ""}, true, nil
}

// OpenSession opens a session lasting ttl for a person who signed in from
// addr, under the hash of its token, and clears the failed sign-ins from
// addr. The count from everywhere runs out on its own, so guessers elsewhere
// stay slowed. Each step touches one key, so it works the same on Cluster.
func (s *Store) OpenSession(ctx context.Context, username, addr, tokenHash string, ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("open session of %s: ttl %v is not positive", username, ttl)
	}
	if err := s.rdb.Del(ctx, keySignInFailures(username, addr)).Err(); err != nil {
		return fmt.Errorf("open session of %s: %w", username, err)
	}
	key := keySession(tokenHash)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, "username", username, "created_at", isoTime(time.Now()))
		p.PExpire(ctx, key, ttl)
		return nil
	})
	if err != nil {
		return fmt.Errorf("open session of %s: %w", username, err)
	}
	return nil
}

// EndSession ends a session, by the hash of its token, and the live
// connections opened with it on every hub. Ending one that is already gone
// is not an error.
func (s *Store) EndSession(ctx context.Context, tokenHash string) error {
	if err := s.rdb.Del(ctx, keySession(tokenHash)).Err(); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return s.Revoke(ctx, auth.Revocation{Credential: tokenHash})
}

// Authenticate returns who a device or session token belongs to. A wrong,
// unknown, expired or revoked token is a *protocol.Error with code
// unauthenticated.
func (s *Store) Authenticate(ctx context.Context, token string) (auth.Principal, error) {
	kind, id := auth.ParseToken(token)
	switch kind {
	case auth.TokenDevice:
		d, err := s.rdb.HGetAll(ctx, keyDevice(id)).Result()
		if err != nil {
			return auth.Principal{}, fmt.Errorf("authenticate device %s: %w", id, err)
		}
		if len(d) == 0 || subtle.ConstantTimeCompare([]byte(d["token"]), []byte(auth.HashToken(token))) != 1 {
			return auth.Principal{}, ErrUnauthenticated
		}
		if d["revoked_at"] != "" {
			return auth.Principal{}, errDeviceRevoked
		}
		return auth.Principal{ID: id, Role: protocol.Role(d["role"]), Branch: d["branch"]}, nil
	case auth.TokenSession:
		// The session key is the token's hash: finding it is the check.
		session, err := s.rdb.HGetAll(ctx, keySession(auth.HashToken(token))).Result()
		if err != nil {
			return auth.Principal{}, fmt.Errorf("authenticate session: %w", err)
		}
		if len(session) == 0 {
			return auth.Principal{}, ErrUnauthenticated
		}
		username := session["username"]
		u, err := s.rdb.HGetAll(ctx, keyUser(username)).Result()
		if err != nil {
			return auth.Principal{}, fmt.Errorf("authenticate %s: %w", username, err)
		}
		switch {
		case len(u) == 0 || startedBefore(session["created_at"], u["sessions_from"]):
			return auth.Principal{}, ErrUnauthenticated
		case u["disabled_at"] != "":
			return auth.Principal{}, ErrUserDisabled
		}
		return userPrincipal(u), nil
	default:
		return auth.Principal{}, ErrUnauthenticated
	}
}

// startedBefore reports whether a session created at created (RFC 3339)
// began before from, the moment an admin ended a user's sessions (empty:
// never).
func startedBefore(created, from string) bool {
	if from == "" {
		return false
	}
	c, err1 := time.Parse(time.RFC3339Nano, created)
	f, err2 := time.Parse(time.RFC3339Nano, from)
	return err1 != nil || err2 != nil || c.Before(f)
}

func userPrincipal(u map[string]string) auth.Principal {
	return auth.Principal{ID: u["username"], Name: u["name"], Role: protocol.Role(u["role"]), Branch: u["branch"],
		Region: splitRegion(u["region"]), Department: u["department"], Head: u["head"] == "1"}
}

// splitRegion reads the region field: branch ids separated by commas.
func splitRegion(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// SetRegion makes a manager responsible for further branches besides their
// own, replacing any earlier region; none ends it. The caller checks that
// the branches exist.
func (s *Store) SetRegion(ctx context.Context, username string, branches []string, e AuditEntry) error {
	role, err := s.rdb.HGet(ctx, keyUser(username), "role").Result()
	if isNil(err) {
		return words.UnknownUser.Fill(username).Error(protocol.CodeNotFound)
	}
	if err != nil {
		return fmt.Errorf("set region of %s: %w", username, err)
	}
	// A role never changes, so reading it before the write is safe.
	if protocol.Role(role) != protocol.RoleManager {
		return words.RegionManagerOnly.Fill(username, role).FieldError("username")
	}
	for _, b := range branches {
		if !keyPart(b) || strings.Contains(b, ",") {
			return words.BadBranchID.Fill(b).FieldError("region")
		}
	}
	err = s.changeAccount(ctx, keyUser(username), "update", "unknown_user", map[string]string{"region": strings.Join(branches, ",")}, e)
	if err != nil {
		return fmt.Errorf("set region of %s: %w", username, err)
	}
	return nil
}

// ListDevices returns a branch's devices (every branch's for ""), ordered
// by id. It scans the keyspace: meant for the occasional admin command, not
// for a hot path.
func (s *Store) ListDevices(ctx context.Context, branch string) ([]Device, error) {
	var out []Device
	err := s.scanHashes(ctx, keyDevice("*"), func(_ string, d map[string]string) {
		if branch == "" || d["branch"] == branch {
			created, _ := time.Parse(time.RFC3339Nano, d["created_at"])
			out = append(out, Device{ID: d["id"], Name: d["name"], Role: protocol.Role(d["role"]), Branch: d["branch"],
				CreatedAt: created, Revoked: d["revoked_at"] != ""})
		}
	})
	if err == nil {
		err = s.presence(ctx, out)
	}
	if err != nil {
		return nil, fmt.Errorf("list devices of %s: %w", branch, err)
	}
	slices.SortFunc(out, func(a, b Device) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// ListUsers returns a branch's people (every branch's for ""), ordered by
// username. Like ListDevices, it scans the keyspace.
func (s *Store) ListUsers(ctx context.Context, branch string) ([]User, error) {
	var out []User
	err := s.scanHashes(ctx, keyUser("*"), func(_ string, u map[string]string) {
		if branch == "" || u["branch"] == branch {
			created, _ := time.Parse(time.RFC3339Nano, u["created_at"])
			out = append(out, User{Username: u["username"], Name: u["name"], Role: protocol.Role(u["role"]),
				Branch: u["branch"], Region: splitRegion(u["region"]), CreatedAt: created, Disabled: u["disabled_at"] != ""})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("list users of %s: %w", branch, err)
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Username, b.Username) })
	return out, nil
}

// scanHashes calls each with the key and fields of every hash whose key
// matches pattern, on every primary of a cluster.
func (s *Store) scanHashes(ctx context.Context, pattern string, each func(key string, h map[string]string)) error {
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		// ForEachMaster runs one goroutine per primary.
		var mu sync.Mutex
		locked := func(key string, h map[string]string) {
			mu.Lock()
			defer mu.Unlock()
			each(key, h)
		}
		return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			return scanHashesOn(ctx, c, pattern, locked)
		})
	}
	return scanHashesOn(ctx, s.rdb, pattern, each)
}

func scanHashesOn(ctx context.Context, c redis.Cmdable, pattern string, each func(string, map[string]string)) error {
	iter := c.Scan(ctx, 0, pattern, 500).Iterator()
	for iter.Next(ctx) {
		h, err := c.HGetAll(ctx, iter.Val()).Result()
		if err != nil {
			return err
		}
		if len(h) > 0 {
			each(iter.Val(), h)
		}
	}
	return iter.Err()
}
