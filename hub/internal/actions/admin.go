package actions

import (
	"context"
	"fmt"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Actor is who does an admin action and from where: an admin signed in at
// a client address, or the command line ("local").
type Actor struct {
	Principal auth.Principal
	Addr      string
}

// Audit actions: the Action of each audit log entry (docs/admin.md).
const (
	AuditSignIn       = "signin"
	AuditSignInFailed = "signin_failed"
	AuditDeviceAdd    = "device_add"
	AuditDeviceRevoke = "device_revoke"
	AuditUserAdd      = "user_add"
	AuditUserRegion   = "user_region"
	AuditUserDisable  = "user_disable"
	AuditUserEnable   = "user_enable"
	AuditUserReset    = "user_reset_password"
	AuditUserSignOut  = "user_end_sessions"
	AuditAPIKeyAdd    = "apikey_add"
	AuditAPIKeyRevoke = "apikey_revoke"
)

var errAdminOnly = protocol.NewError(protocol.CodeForbidden, "Only an admin may do this", "هذا الإجراء للمسؤول فقط")

// admin runs change for an admin and, once it is done, appends its entry
// to the audit log. A refused change is not logged: nothing changed.
func (a *Actions) admin(ctx context.Context, by Actor, action string, change func() (target, detail string, err error)) error {
	if by.Principal.Role != protocol.RoleAdmin {
		return errAdminOnly
	}
	target, detail, err := change()
	if err != nil {
		return err
	}
	return a.store.Audit(ctx, store.AuditEntry{Actor: by.Principal.ID, Addr: by.Addr, Action: action, Target: target, Detail: detail})
}

// branch refuses a branch the catalogue does not have.
func (a *Actions) branch(branch string) error {
	if _, ok := a.cat.Branch(branch); !ok {
		return protocol.FieldError("branch", fmt.Sprintf("%q is not a branch of the catalogue", branch),
			fmt.Sprintf("%q ليس فرعاً في الدليل", branch))
	}
	return nil
}

// AddDevice enrols a kiosk or display and returns its id and its token,
// shown once.
func (a *Actions) AddDevice(ctx context.Context, by Actor, branch string, role protocol.Role) (id, token string, err error) {
	err = a.admin(ctx, by, AuditDeviceAdd, func() (string, string, error) {
		if err := a.branch(branch); err != nil {
			return "", "", err
		}
		id, token, err = a.store.AddDevice(ctx, branch, role)
		return id, fmt.Sprintf("%s at %s", role, branch), err
	})
	return id, token, err
}

// RevokeDevice stops a device's token working and closes its live
// connections (4004).
func (a *Actions) RevokeDevice(ctx context.Context, by Actor, id string) error {
	return a.admin(ctx, by, AuditDeviceRevoke, func() (string, string, error) {
		return id, "revoked", a.store.RevokeDevice(ctx, id)
	})
}

// AddUser enrols a person and returns their username and password, shown
// once.
// A department's person (role department) names the department, whether
// they are its head and, optionally, a mobile number (the notifier tells a
// head of overdue cases there); for other roles all three are empty.
func (a *Actions) AddUser(ctx context.Context, by Actor, branch string, role protocol.Role, department string, head bool, mobile, name, username string) (user, password string, err error) {
	err = a.admin(ctx, by, AuditUserAdd, func() (string, string, error) {
		if err := a.branch(branch); err != nil {
			return "", "", err
		}
		what := fmt.Sprintf("%s %q at %s", role, name, branch)
		if mobile != "" && role != protocol.RoleDepartment {
			return "", "", protocol.FieldError("mobile", "A mobile number goes with a department's person only", "رقم الجوال لموظفي الإدارات فقط")
		}
		phone, err := normalizePhone(mobile)
		if err != nil {
			return "", "", protocol.FieldError("mobile", "Enter a Saudi mobile number: 05XXXXXXXX or +9665XXXXXXXX",
				"أدخل رقم جوال سعودي: 05XXXXXXXX أو ‎+9665XXXXXXXX")
		}
		if role == protocol.RoleDepartment {
			user, password, err = a.store.AddDepartmentUser(ctx, branch, department, head, phone, name, username)
			return user, what + " in " + department, err
		}
		user, password, err = a.store.AddUser(ctx, branch, role, name, username)
		return user, what, err
	})
	return user, password, err
}

// SetRegion makes a manager responsible for further branches.
func (a *Actions) SetRegion(ctx context.Context, by Actor, username string, branches []string) error {
	return a.admin(ctx, by, AuditUserRegion, func() (string, string, error) {
		for _, b := range branches {
			if err := a.branch(b); err != nil {
				return "", "", err
			}
		}
		return username, "region: " + strings.Join(branches, ","), a.store.SetRegion(ctx, username, branches)
	})
}

// DisableUser stops a person signing in and closes their live connections
// (4004); the last enabled admin is refused.
func (a *Actions) DisableUser(ctx context.Context, by Actor, username string) error {
	return a.admin(ctx, by, AuditUserDisable, func() (string, string, error) {
		return username, "disabled", a.store.DisableUser(ctx, username)
	})
}

// EnableUser lets a disabled person sign in again.
func (a *Actions) EnableUser(ctx context.Context, by Actor, username string) error {
	return a.admin(ctx, by, AuditUserEnable, func() (string, string, error) {
		return username, "enabled", a.store.EnableUser(ctx, username)
	})
}

// ResetPassword gives a person a new password, shown once, and ends their
// sessions.
func (a *Actions) ResetPassword(ctx context.Context, by Actor, username string) (password string, err error) {
	err = a.admin(ctx, by, AuditUserReset, func() (string, string, error) {
		password, err = a.store.ResetPassword(ctx, username)
		return username, "new password; sessions ended", err
	})
	return password, err
}

// EndSessions signs a person out everywhere.
func (a *Actions) EndSessions(ctx context.Context, by Actor, username string) error {
	return a.admin(ctx, by, AuditUserSignOut, func() (string, string, error) {
		return username, "sessions ended", a.store.EndSessions(ctx, username)
	})
}

// AddAPIKey issues an Open311 API key, shown once.
func (a *Actions) AddAPIKey(ctx context.Context, by Actor, branch, name string) (key string, info store.APIKey, err error) {
	err = a.admin(ctx, by, AuditAPIKeyAdd, func() (string, string, error) {
		if err := a.branch(branch); err != nil {
			return "", "", err
		}
		key, info, err = a.store.AddAPIKey(ctx, branch, name)
		return info.ID, fmt.Sprintf("%q at %s", info.Name, branch), err
	})
	return key, info, err
}

// RevokeAPIKey stops an Open311 API key working.
func (a *Actions) RevokeAPIKey(ctx context.Context, by Actor, id string) (info store.APIKey, err error) {
	err = a.admin(ctx, by, AuditAPIKeyRevoke, func() (string, string, error) {
		info, err = a.store.RevokeAPIKey(ctx, id)
		return id, fmt.Sprintf("revoked (%q at %s)", info.Name, info.Branch), err
	})
	return info, err
}
