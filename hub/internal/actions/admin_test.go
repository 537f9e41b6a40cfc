package actions

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Only an admin may change accounts; a refused change changes nothing and
// is not audited, a done one is.
func TestAdminActionsOnlyForAdmins(t *testing.T) {
	a, st := newActions(t, time.Now())
	ctx := context.Background()
	id := addDevice(t, st, "qatif", protocol.RoleKiosk)
	manager := Actor{Principal: auth.Principal{ID: "huda", Role: protocol.RoleManager, Branch: "qatif"}, Addr: "203.0.113.9"}
	if err := a.RevokeDevice(ctx, manager, id); !errors.Is(err, &protocol.Error{Code: protocol.CodeForbidden}) {
		t.Fatalf("a manager revoking a device: %v", err)
	}
	if _, _, err := a.AddDevice(ctx, manager, "qatif", protocol.RoleKiosk, ""); !errors.Is(err, &protocol.Error{Code: protocol.CodeForbidden}) {
		t.Fatalf("a manager enrolling a device: %v", err)
	}
	admin := Actor{Principal: auth.Principal{ID: "root", Role: protocol.RoleAdmin, Branch: "qatif"}, Addr: "203.0.113.5"}
	if _, _, err := a.AddDevice(ctx, admin, "nowhere", protocol.RoleKiosk, ""); !errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
		t.Fatalf("a device for an unknown branch: %v", err)
	}
	devices, _ := st.ListDevices(ctx, "")
	if len(devices) != 1 || devices[0].Revoked {
		t.Fatalf("refused changes changed the devices: %+v", devices)
	}
	if err := a.RevokeDevice(ctx, admin, id); err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog(ctx, time.Time{}, 10)
	if err != nil || len(log) != 1 || log[0].Actor != "root" || log[0].Addr != "203.0.113.5" || log[0].Action != AuditDeviceRevoke || log[0].Target != id {
		t.Fatalf("audit log %+v %v", log, err)
	}
}

// Two admins, the last two, disabling each other at the same moment: one
// is refused as the last enabled admin, and one stays enabled. Rounds with
// a fresh pair each, started together, so the two checks overlap.
func TestLastAdminsDisablingEachOther(t *testing.T) {
	a, st := newActions(t, time.Now())
	ctx := context.Background()
	cli := Actor{Principal: auth.Principal{ID: "cli:test", Role: protocol.RoleAdmin}, Addr: "local"}
	if _, _, err := a.AddUser(ctx, cli, "qatif", protocol.RoleAdmin, "", false, "", "Root", "root"); err != nil {
		t.Fatal(err)
	}
	for round := range 20 {
		pair := [2]string{fmt.Sprintf("first%d", round), fmt.Sprintf("second%d", round)}
		for _, u := range pair {
			if _, _, err := a.AddUser(ctx, cli, "qatif", protocol.RoleAdmin, "", false, "", "Admin", u); err != nil {
				t.Fatal(err)
			}
		}
		// root steps down, leaving the pair as the last two admins.
		if err := a.DisableUser(ctx, cli, "root"); err != nil {
			t.Fatal(err)
		}
		start := make(chan struct{})
		errs := make(chan error, 2)
		for i, u := range pair {
			by := Actor{Principal: auth.Principal{ID: u, Role: protocol.RoleAdmin, Branch: "qatif"}, Addr: "203.0.113.5"}
			go func() {
				<-start
				errs <- a.DisableUser(ctx, by, pair[1-i])
			}()
		}
		close(start)
		refused := 0
		for range 2 {
			var pe *protocol.Error
			if err := <-errs; errors.As(err, &pe) && pe.Field == "username" && pe.Code == protocol.CodeBadRequest {
				refused++
			} else if err != nil {
				t.Fatal(err)
			}
		}
		users, err := st.ListUsers(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		enabled := 0
		for _, u := range users {
			if u.Role == protocol.RoleAdmin && !u.Disabled {
				enabled++
			}
		}
		if refused != 1 || enabled != 1 {
			t.Fatalf("round %d: %d of the two disablings refused, %d admins enabled; want 1 and 1", round, refused, enabled)
		}
		// The next round's pair takes over from the one left.
		if err := a.EnableUser(ctx, cli, "root"); err != nil {
			t.Fatal(err)
		}
		for _, u := range pair {
			if err := a.DisableUser(ctx, cli, u); err != nil && !errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
				t.Fatal(err)
			}
		}
	}
}
