package store

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// An admin's change and its audit entry are one step: when the entry
// cannot be written (here the log's key holds a string), the change is not
// made either; once it can, both are there.
func TestAuditedChangeAndEntryTogether(t *testing.T) {
	s, srv := newStore(t)
	ctx := context.Background()
	e := AuditEntry{Actor: "root", Addr: "203.0.113.5", Action: "user_disable", Target: "sara", Detail: "disabled"}
	if _, _, err := addUser(ctx, s, branch, protocol.RoleOfficer, "Sara", "sara"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Client().Set(ctx, keyAudit, "not a stream", 0).Err(); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DisableUser(ctx, "sara", e), protocol.CodeUnavailable)
	_, _, err := addUser(ctx, s, branch, protocol.RoleOfficer, "Ali", "ali", AuditEntry{Actor: "root", Action: "user_add"})
	wantCode(t, err, protocol.CodeUnavailable)
	users, err := s.ListUsers(ctx, "")
	if err != nil || len(users) != 1 || users[0].Disabled {
		t.Fatalf("with no audit log, the changes were made: %+v, %v", users, err)
	}

	srv.Client().Del(ctx, keyAudit)
	if err := s.DisableUser(ctx, "sara", e); err != nil {
		t.Fatal(err)
	}
	if _, _, err := addUser(ctx, s, branch, protocol.RoleOfficer, "Ali", "ali", AuditEntry{Actor: "root", Action: "user_add"}); err != nil {
		t.Fatal(err)
	}
	log, err := s.AuditLog(ctx, time.Time{}, 10)
	if err != nil || len(log) != 2 || log[0].Target != "sara" || log[1].Action != "user_add" || log[1].Target != "ali" {
		t.Fatalf("audit log %+v, %v", log, err)
	}
}

// The accounts and audit log of a hub from before the {accounts} hash tag
// move to their keys at the first start: devices and people sign in as
// before, the enabled admins are counted, the log keeps its entries.
func TestMoveAccounts(t *testing.T) {
	s, srv := newStore(t)
	ctx := context.Background()
	id, token, err := addDevice(ctx, s, branch, protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	root, password, err := addUser(ctx, s, branch, protocol.RoleAdmin, "Root", "root")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := addUser(ctx, s, branch, protocol.RoleAdmin, "Gone", "gone"); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableUser(ctx, "gone", AuditEntry{}); err != nil {
		t.Fatal(err)
	}
	// Back to the old layout: each account under its bare key, the log at
	// "audit", no set of admins and no mark.
	rdb := srv.Client()
	for old, key := range map[string]string{"device:" + id: keyDevice(id), "user:root": keyUser(root), "user:gone": keyUser("gone")} {
		if err := rdb.Rename(ctx, key, old).Err(); err != nil {
			t.Fatal(err)
		}
	}
	rdb.Del(ctx, keyAdmins, keyAccountsMoved)
	for _, id := range []string{"1700000000000-0", "1700000000001-0"} {
		rdb.XAdd(ctx, &redis.XAddArgs{Stream: "audit", ID: id, Values: []any{"actor", "root", "addr", "local", "action", "signin", "target", "", "detail", ""}})
	}

	for range 2 { // the second run finds the work done
		if err := s.MoveAccounts(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := s.Authenticate(ctx, token); err != nil || p.ID != id {
		t.Fatalf("the moved device: %+v, %v", p, err)
	}
	l, ok, err := s.Login(ctx, root)
	if match, _ := auth.CheckPassword(l.PasswordHash, password); !ok || err != nil || !match || l.Principal.ID != root {
		t.Fatalf("the moved admin: %+v, %v, %v; the password matches: %v", l, ok, err, match)
	}
	if admins, _ := rdb.SMembers(ctx, keyAdmins).Result(); len(admins) != 1 || admins[0] != root {
		t.Fatalf("enabled admins %v, want [root]", admins)
	}
	wantCode(t, s.DisableUser(ctx, root, AuditEntry{}), protocol.CodeBadRequest)
	log, err := s.AuditLog(ctx, time.Time{}, 10)
	if err != nil || len(log) != 2 || log[0].ID != "1700000000000-0" || log[1].Action != "signin" {
		t.Fatalf("moved audit log %+v, %v", log, err)
	}
	if n, _ := rdb.Exists(ctx, "device:"+id, "user:root", "user:gone", "audit").Result(); n != 0 {
		t.Fatalf("%d old keys left", n)
	}
}
