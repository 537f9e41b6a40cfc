package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
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
	AuditCatalogue    = "catalogue_reload"
)

var errAdminOnly = words.AdminOnly.Error(protocol.CodeForbidden)

// admin runs change for an admin, handing it the audit entry of action
// (its target and detail to be filled in), which the store appends in the
// same step as the change. A refused change is not logged: nothing changed.
func (a *Actions) admin(by Actor, action string, change func(e store.AuditEntry) error) error {
	if by.Principal.Role != protocol.RoleAdmin {
		return errAdminOnly
	}
	return change(store.AuditEntry{Actor: by.Principal.ID, Addr: by.Addr, Action: action})
}

// branch refuses a branch the catalogue does not have.
func (a *Actions) branch(branch string) error {
	if _, ok := a.cat.Branch(branch); !ok {
		return words.NotCatalogueBranch.Fill(branch).FieldError("branch")
	}
	return nil
}

// AddDevice enrols a kiosk or display, with the name an admin knows it by,
// and returns its id and its token, shown once.
func (a *Actions) AddDevice(ctx context.Context, by Actor, branch string, role protocol.Role, name string) (id, token string, err error) {
	err = a.admin(by, AuditDeviceAdd, func(e store.AuditEntry) error {
		if err := a.branch(branch); err != nil {
			return err
		}
		e.Detail = fmt.Sprintf("%s %q at %s", role, name, branch)
		// Ids are short, so two may collide; the store refuses the second.
		for range 5 {
			var d store.NewDevice
			if d, token, err = NewDevice(branch, role, name); err != nil {
				return err
			}
			id, err = d.ID, a.store.CreateDevice(ctx, d, e)
			if !errors.Is(err, &protocol.Error{Code: protocol.CodeBadRequest}) {
				break
			}
		}
		return err
	})
	if err != nil {
		return "", "", err
	}
	return id, token, nil
}

// RevokeDevice stops a device's token working and closes its live
// connections (4004).
func (a *Actions) RevokeDevice(ctx context.Context, by Actor, id string) error {
	return a.admin(by, AuditDeviceRevoke, func(e store.AuditEntry) error {
		e.Target, e.Detail = id, "revoked"
		return a.store.RevokeDevice(ctx, id, e)
	})
}

// AddUser enrols a person and returns their username and password, shown
// once.
// A department's person (role department) names the department, whether
// they are its head and, optionally, a mobile number (the notifier tells a
// head of overdue cases there); for other roles all three are empty.
func (a *Actions) AddUser(ctx context.Context, by Actor, branch string, role protocol.Role, department string, head bool, mobile, name, username string) (user, password string, err error) {
	err = a.admin(by, AuditUserAdd, func(e store.AuditEntry) error {
		if err := a.branch(branch); err != nil {
			return err
		}
		e.Detail = fmt.Sprintf("%s %q at %s", role, name, branch)
		if mobile != "" && role != protocol.RoleDepartment {
			return words.MobileDepartmentOnly.FieldError("mobile")
		}
		phone, err := normalizePhone(mobile)
		if err != nil {
			return words.EnterSaudiMobile.FieldError("mobile")
		}
		if role == protocol.RoleDepartment {
			if !a.cat.Serves(department, branch) {
				return words.NotServingDepartment.Fill(department, branch).FieldError("department")
			}
			e.Detail += " in " + department
		}
		u, pw, err := NewUser(branch, role, department, head, phone, name, username)
		if err != nil {
			return err
		}
		if err := a.store.CreateUser(ctx, u, e); err != nil {
			return err
		}
		user, password = u.Username, pw
		return nil
	})
	return user, password, err
}

// SetRegion makes a manager responsible for further branches.
func (a *Actions) SetRegion(ctx context.Context, by Actor, username string, branches []string) error {
	return a.admin(by, AuditUserRegion, func(e store.AuditEntry) error {
		for _, b := range branches {
			if err := a.branch(b); err != nil {
				return err
			}
		}
		e.Target, e.Detail = username, "region: "+strings.Join(branches, ",")
		return a.store.SetRegion(ctx, username, branches, e)
	})
}

// DisableUser stops a person signing in and closes their live connections
// (4004); the last enabled admin is refused.
func (a *Actions) DisableUser(ctx context.Context, by Actor, username string) error {
	return a.admin(by, AuditUserDisable, func(e store.AuditEntry) error {
		e.Target, e.Detail = username, "disabled"
		return a.store.DisableUser(ctx, username, e)
	})
}

// EnableUser lets a disabled person sign in again.
func (a *Actions) EnableUser(ctx context.Context, by Actor, username string) error {
	return a.admin(by, AuditUserEnable, func(e store.AuditEntry) error {
		e.Target, e.Detail = username, "enabled"
		return a.store.EnableUser(ctx, username, e)
	})
}

// ResetPassword gives a person a new password, shown once, and ends their
// sessions.
func (a *Actions) ResetPassword(ctx context.Context, by Actor, username string) (password string, err error) {
	err = a.admin(by, AuditUserReset, func(e store.AuditEntry) error {
		e.Target, e.Detail = username, "new password; sessions ended"
		password = auth.NewPassword()
		return a.store.SetPassword(ctx, username, auth.HashPassword(password), e)
	})
	if err != nil {
		return "", err
	}
	return password, nil
}

// EndSessions signs a person out everywhere.
func (a *Actions) EndSessions(ctx context.Context, by Actor, username string) error {
	return a.admin(by, AuditUserSignOut, func(e store.AuditEntry) error {
		e.Target, e.Detail = username, "sessions ended"
		return a.store.EndSessions(ctx, username, e)
	})
}

// AddAPIKey issues an Open311 API key, shown once.
func (a *Actions) AddAPIKey(ctx context.Context, by Actor, branch, name string) (key string, info store.APIKey, err error) {
	err = a.admin(by, AuditAPIKeyAdd, func(e store.AuditEntry) error {
		if err := a.branch(branch); err != nil {
			return err
		}
		e.Detail = fmt.Sprintf("%q at %s", strings.TrimSpace(name), branch)
		var k store.NewAPIKey
		if k, key, err = NewAPIKey(branch, name); err != nil {
			return err
		}
		info, err = a.store.CreateAPIKey(ctx, k, e)
		return err
	})
	return key, info, err
}

// RevokeAPIKey stops an Open311 API key working.
func (a *Actions) RevokeAPIKey(ctx context.Context, by Actor, id string) (info store.APIKey, err error) {
	err = a.admin(by, AuditAPIKeyRevoke, func(e store.AuditEntry) error {
		if info, err = a.store.APIKeyByID(ctx, id); err != nil {
			return err
		}
		e.Target, e.Detail = id, fmt.Sprintf("revoked (%q at %s)", info.Name, info.Branch)
		info, err = a.store.RevokeAPIKey(ctx, id, e)
		return err
	})
	return info, err
}

// ReloadCatalogue runs reload (package reload's Reloader.Reload) for an
// admin, or for the hub's SIGHUP, and audits the new version. The file
// is not in Redis, so its entry follows the reload rather than sharing its
// step: a reload refused is not logged, nothing changed.
func (a *Actions) ReloadCatalogue(ctx context.Context, by Actor, reload func(context.Context) (version string, err error)) (version string, err error) {
	err = a.admin(by, AuditCatalogue, func(e store.AuditEntry) error {
		if version, err = reload(ctx); err != nil {
			return err
		}
		e.Target, e.Detail = "catalogue", "version "+version
		return a.store.Audit(ctx, e)
	})
	return version, err
}
