// Package auth is who may talk to the hub: device and user identities,
// their secrets, and the sessions officers and managers sign in to.
package auth

import (
	"slices"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Principal is an authenticated device or person.
type Principal struct {
	ID     string        // device id or username
	Name   string        // display name (people); empty for devices
	Role   protocol.Role // kiosk, display, officer, manager, admin, department
	Branch string        // the branch it belongs to
	// Region is the further branches a manager is responsible for
	// (`hub user region`); empty for everyone else.
	Region []string
	// Department is a department person's department (catalogue code);
	// Head marks its head, who assigns its cases to others.
	Department string
	Head       bool
}

// IsDevice reports whether the principal is a kiosk or display.
func (p Principal) IsDevice() bool {
	return IsDeviceRole(p.Role)
}

// Oversees reports whether p may watch a branch's figures and live events:
// its own branch, a manager the branches of their region, an admin every
// branch.
func (p Principal) Oversees(branch string) bool {
	switch {
	case p.Role == protocol.RoleAdmin || p.Branch == branch:
		return true
	case p.Role == protocol.RoleManager:
		return slices.Contains(p.Region, branch)
	}
	return false
}
