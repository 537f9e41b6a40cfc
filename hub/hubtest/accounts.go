package hubtest

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Fixtures' accounts: enrolled by actions' rules (actions.NewDevice,
// NewUser, NewAPIKey) straight into st, with no admin and no audit entry,
// for tests that need a device, a person or an API key to exist.

// AddDevice enrols a kiosk or display of branch and returns its id and
// token.
func AddDevice(ctx context.Context, st *store.Store, branch string, role protocol.Role, name string) (id, token string, err error) {
	d, token, err := actions.NewDevice(branch, role, name)
	if err == nil {
		err = st.CreateDevice(ctx, d, store.AuditEntry{})
	}
	if err != nil {
		return "", "", err
	}
	return d.ID, token, nil
}

// AddUser enrols an officer, manager or admin of branch (an empty username
// is derived from the name) and returns the username and password.
func AddUser(ctx context.Context, st *store.Store, branch string, role protocol.Role, name, username string) (user, password string, err error) {
	return addPerson(ctx, st, branch, role, "", false, "", name, username)
}

// AddDepartmentUser enrols a person of a back-office department (head: its
// head; mobile: E.164 or empty) and returns the username and password.
func AddDepartmentUser(ctx context.Context, st *store.Store, branch, department string, head bool, mobile, name, username string) (user, password string, err error) {
	return addPerson(ctx, st, branch, protocol.RoleDepartment, department, head, mobile, name, username)
}

func addPerson(ctx context.Context, st *store.Store, branch string, role protocol.Role, department string, head bool, mobile, name, username string) (user, password string, err error) {
	u, password, err := actions.NewUser(branch, role, department, head, mobile, name, username)
	if err == nil {
		err = st.CreateUser(ctx, u, store.AuditEntry{})
	}
	if err != nil {
		return "", "", err
	}
	return u.Username, password, nil
}

// AddAPIKey issues an Open311 API key for an integration at branch and
// returns it.
func AddAPIKey(ctx context.Context, st *store.Store, branch, name string) (key string, info store.APIKey, err error) {
	k, key, err := actions.NewAPIKey(branch, name)
	if err == nil {
		info, err = st.CreateAPIKey(ctx, k, store.AuditEntry{})
	}
	if err != nil {
		return "", store.APIKey{}, err
	}
	return key, info, nil
}
