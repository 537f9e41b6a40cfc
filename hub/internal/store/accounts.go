package store

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
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
	ErrUnauthenticated = protocol.NewError(protocol.CodeUnauthenticated,
		"Invalid or expired token: sign in again", "رمز الدخول غير صالح أو منتهي الصلاحية: سجّل الدخول مجدداً")
	errDeviceRevoked = protocol.NewError(protocol.CodeUnauthenticated,
		"This device was revoked: ask an administrator for a new token", "أُلغي تسجيل هذا الجهاز: اطلب رمزاً جديداً من المسؤول")
	// ErrUserDisabled refuses a disabled person's session, and their
	// sign-in once the password is right.
	ErrUserDisabled = protocol.NewError(protocol.CodeUnauthenticated,
		"This account is disabled: ask an administrator", "هذا الحساب معطّل: راجع المسؤول")
)

// AddDevice registers a kiosk or display of a branch, with the name an
// admin knows it by (may be empty), and returns its id (e.g. kiosk-7f3a9c)
// and its token. Only the token's hash is stored: the
// token cannot be shown again. An admin's enrolment passes its audit entry,
// appended with the device (its Target set to the id); a test's fixture
// passes none.
func (s *Store) AddDevice(ctx context.Context, branch string, role protocol.Role, name string, audit ...AuditEntry) (id, token string, err error) {
	if !auth.IsDeviceRole(role) {
		return "", "", protocol.FieldError("role", fmt.Sprintf("A device is a kiosk or a display, not %q", role),
			"الجهاز إما كشك أو شاشة عرض")
	}
	if !keyPart(branch) {
		return "", "", protocol.FieldError("branch", fmt.Sprintf("Invalid branch id %q", branch), "معرّف الفرع غير صالح")
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		return "", "", protocol.FieldError("name", "The device's name is at most 100 characters", "اسم الجهاز بحد أقصى ١٠٠ حرف")
	}
	// Ids are short, so two may collide; the create refuses the second.
	for range 5 {
		id = auth.NewDeviceID(role)
		token = auth.NewDeviceToken(id)
		err = s.createAccount(ctx, keyDevice(id), "device_id_taken", id, audit, map[string]string{
			"id": id, "name": name, "role": string(role), "branch": branch, "token": auth.HashToken(token), "created_at": isoTime(time.Now())})
		if !errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
			break
		}
	}
	if err != nil {
		return "", "", fmt.Errorf("add device: %w", err)
	}
	return id, token, nil
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

// AddUser creates a person's account with a generated password, returned
// once and stored only as an argon2id hash. An empty username is derived
// from the name (auth.UsernameFromName); a username already in use is
// refused. audit is as for AddDevice.
func (s *Store) AddUser(ctx context.Context, branch string, role protocol.Role, name, username string, audit ...AuditEntry) (user, password string, err error) {
	if role != protocol.RoleOfficer && role != protocol.RoleManager && role != protocol.RoleAdmin {
		return "", "", protocol.FieldError("role", fmt.Sprintf("A person is an officer, a manager or an admin, not %q", role),
			"الدور يجب أن يكون موظفاً أو مديراً أو مسؤولاً")
	}
	return s.addPerson(ctx, branch, role, name, username, nil, audit)
}

// addPerson creates a person's account; extra are further fields of the
// account hash.
func (s *Store) addPerson(ctx context.Context, branch string, role protocol.Role, name, username string, extra map[string]string, audit []AuditEntry) (user, password string, err error) {
	if !keyPart(branch) {
		return "", "", protocol.FieldError("branch", fmt.Sprintf("Invalid branch id %q", branch), "معرّف الفرع غير صالح")
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		return "", "", protocol.FieldError("name", "The name is required, at most 100 characters", "الاسم مطلوب، بحد أقصى ١٠٠ حرف")
	}
	if username == "" {
		user = auth.UsernameFromName(name, role)
	} else if u, ok := auth.NormalizeUsername(username); ok {
		user = u
	} else {
		return "", "", protocol.FieldError("username",
			fmt.Sprintf("Invalid username %q: use 3-32 lowercase Latin letters, digits, dots or dashes", username),
			"اسم المستخدم غير صالح: استخدم من ٣ إلى ٣٢ حرفاً لاتينياً صغيراً أو رقماً أو نقطة أو شرطة")
	}
	if auth.Reserved(user) {
		return "", "", protocol.FieldError("username",
			fmt.Sprintf("The username %q is reserved: case timelines use it for the citizen or the notifier", user),
			fmt.Sprintf("اسم المستخدم %q محجوز: يُستخدم في سجل المعاملة للمواطن أو للإشعارات", user))
	}
	password = auth.NewPassword()
	fields := map[string]string{"username": user, "name": name, "role": string(role), "branch": branch,
		"password": auth.HashPassword(password), "created_at": isoTime(time.Now())}
	maps.Copy(fields, extra)
	err = s.createAccount(ctx, keyUser(user), "username_taken", user, audit, fields)
	if errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
		return "", "", &protocol.Error{Code: protocol.CodeBadRequest, Field: "username",
			Message:   fmt.Sprintf("The username %q is already in use: choose another", user),
			MessageAr: fmt.Sprintf("اسم المستخدم %q مستخدم بالفعل: اختر اسماً آخر", user)}
	}
	if err != nil {
		return "", "", fmt.Errorf("add user %s: %w", user, err)
	}
	return user, password, nil
}

// createAccount creates the account hash at key, refused with reason when
// it exists, with the audit entry, if any, recording it (for target).
func (s *Store) createAccount(ctx context.Context, key, reason, target string, audit []AuditEntry, fields map[string]string) error {
	var e AuditEntry
	if len(audit) > 0 {
		e = audit[0]
		e.Target = target
	}
	return s.changeAccount(ctx, key, "create", reason, fields, e)
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
		return protocol.NewError(protocol.CodeNotFound, "No such user: "+username, "المستخدم غير موجود")
	}
	if err != nil {
		return fmt.Errorf("set region of %s: %w", username, err)
	}
	// A role never changes, so reading it before the write is safe.
	if protocol.Role(role) != protocol.RoleManager {
		return protocol.FieldError("username", fmt.Sprintf("%s is a %s: only a manager has a region", username, role),
			"المنطقة للمديرين فقط")
	}
	for _, b := range branches {
		if !keyPart(b) || strings.Contains(b, ",") {
			return protocol.FieldError("region", fmt.Sprintf("Invalid branch id %q", b), "معرّف الفرع غير صالح")
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
