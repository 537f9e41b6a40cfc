package actions

import (
	"context"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Fixtures' accounts, enrolled by the rules of enrol.go with no admin and
// no audit entry, as hubtest's are (hubtest imports this package, so its
// tests cannot import hubtest).

func addDevice(t *testing.T, st *store.Store, branch string, role protocol.Role) (id string) {
	t.Helper()
	d, _, err := NewDevice(branch, role, "")
	if err == nil {
		err = st.CreateDevice(context.Background(), d, store.AuditEntry{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// addUser enrols a person (department, head: a department's person's) and
// returns their username and password.
func addUser(t *testing.T, st *store.Store, branch string, role protocol.Role, department string, head bool, name, username string) (user, password string) {
	t.Helper()
	u, password, err := NewUser(branch, role, department, head, "", name, username)
	if err == nil {
		err = st.CreateUser(context.Background(), u, store.AuditEntry{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return u.Username, password
}
