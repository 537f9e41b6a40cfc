package actions

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// The rules of new accounts, applied before the store is asked: a username
// derived from the name (or from the role, for an Arabic name), one given
// normalised, and each refusal naming its field, with nothing stored.
func TestEnrolRules(t *testing.T) {
	a, st := newActions(t, time.Now())
	ctx := context.Background()
	cli := Actor{Principal: auth.Principal{ID: "cli:test", Role: protocol.RoleAdmin}, Addr: "local"}
	user, password, err := a.AddUser(ctx, cli, "qatif", protocol.RoleOfficer, "", false, "", "Sara Hassan", "")
	if err != nil || user != "sara.hassan" || len(password) != auth.PasswordLen {
		t.Fatalf("AddUser = %q, %q, %v", user, password, err)
	}
	l, ok, err := st.Login(ctx, user)
	if match, _ := auth.CheckPassword(l.PasswordHash, password); err != nil || !ok || !match {
		t.Fatalf("the stored password does not match: %v %v", ok, err)
	}
	ar, _, err := a.AddUser(ctx, cli, "qatif", protocol.RoleManager, "", false, "", "علي الزهراني", "")
	if err != nil || !strings.HasPrefix(ar, "manager-") {
		t.Fatalf("AddUser(Arabic name) = %q, %v", ar, err)
	}
	for _, c := range []struct {
		name, field    string
		role           protocol.Role
		person, wanted string
	}{
		{"duplicate derived", "username", protocol.RoleOfficer, "Sara Hassan", ""},
		{"duplicate given", "username", protocol.RoleAdmin, "Someone", "SARA.hassan"},
		{"bad username", "username", protocol.RoleOfficer, "Someone", "sa ra"},
		{"reserved username", "username", protocol.RoleOfficer, "Someone", "Citizen"},
		{"device role", "role", protocol.RoleKiosk, "Someone", ""},
		{"no name", "name", protocol.RoleOfficer, "  ", "someone"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := a.AddUser(ctx, cli, "qatif", c.role, "", false, "", c.person, c.wanted)
			var pe *protocol.Error
			if !errors.As(err, &pe) || pe.Code != protocol.CodeBadRequest || pe.Field != c.field {
				t.Fatalf("err %v, want a bad request about %s", err, c.field)
			}
		})
	}
	if users, err := st.ListUsers(ctx, "qatif"); err != nil || len(users) != 2 {
		t.Fatalf("ListUsers = %+v, %v", users, err)
	}

	id, token, err := a.AddDevice(ctx, cli, "qatif", protocol.RoleKiosk, "كشك المدخل")
	if err != nil || !strings.HasPrefix(id, "kiosk-") || !strings.HasPrefix(token, id+".") {
		t.Fatalf("AddDevice = %q, %q, %v", id, token, err)
	}
	if p, err := st.Authenticate(ctx, token); err != nil || p.ID != id {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	for _, role := range []protocol.Role{protocol.RoleOfficer, "robot"} {
		if _, _, err := a.AddDevice(ctx, cli, "qatif", role, ""); code(err) != protocol.CodeBadRequest {
			t.Fatalf("a device of role %s: %v", role, err)
		}
	}
	if _, _, err := a.AddDevice(ctx, cli, "qatif", protocol.RoleKiosk, strings.Repeat("ك", 101)); code(err) != protocol.CodeBadRequest {
		t.Fatalf("a device's name of 101 letters: %v", err)
	}
	if devices, err := st.ListDevices(ctx, "qatif"); err != nil || len(devices) != 1 {
		t.Fatalf("ListDevices = %+v, %v", devices, err)
	}
}
