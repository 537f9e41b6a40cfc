package auth

import (
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestOversees(t *testing.T) {
	region := []string{"safwa"}
	for _, c := range []struct {
		role   protocol.Role
		branch string
		want   bool
	}{
		{protocol.RoleManager, "qatif", true},
		{protocol.RoleManager, "safwa", true},
		{protocol.RoleManager, "saihat", false},
		{protocol.RoleAdmin, "saihat", true},
		{protocol.RoleOfficer, "qatif", true},
		{protocol.RoleOfficer, "safwa", false}, // a region is a manager's only
		{protocol.RoleDisplay, "safwa", false},
	} {
		p := Principal{ID: "x", Role: c.role, Branch: "qatif", Region: region}
		if got := p.Oversees(c.branch); got != c.want {
			t.Errorf("%s of qatif oversees %s = %v, want %v", c.role, c.branch, got, c.want)
		}
	}
}
