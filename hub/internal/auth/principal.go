// Package auth is who may talk to the hub: device and user identities,
// their secrets, and the sessions officers and managers sign in to.
package auth

import "github.com/shamil-municipal/shamil/hub/protocol"

// Principal is an authenticated device or person.
type Principal struct {
	ID     string        // device id or username
	Name   string        // display name (people); empty for devices
	Role   protocol.Role // kiosk, display, officer, manager, admin
	Branch string        // the branch it belongs to
}

// IsDevice reports whether the principal is a kiosk or display.
func (p Principal) IsDevice() bool {
	return IsDeviceRole(p.Role)
}
