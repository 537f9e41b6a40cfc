package actions

import (
	"context"
	"errors"
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
	id, _, err := st.AddDevice(ctx, "qatif", protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
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
