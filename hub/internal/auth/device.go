package auth

import (
	"encoding/hex"
	"strings"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// deviceIDRandom is how many random bytes follow the role in a device id:
// "kiosk-7f3a9c". 24 bits keep the id short enough to read out; the store
// retries on the rare collision.
const deviceIDRandom = 3

// NewDeviceID returns a readable random id for a device of the role.
func NewDeviceID(role protocol.Role) string {
	return string(role) + "-" + hex.EncodeToString(randomBytes(deviceIDRandom))
}

// IsDeviceRole reports whether devices (not people) have the role.
func IsDeviceRole(role protocol.Role) bool {
	return role == protocol.RoleKiosk || role == protocol.RoleDisplay
}

// ValidDeviceID reports whether s has the shape NewDeviceID gives.
func ValidDeviceID(s string) bool {
	role, suffix, ok := strings.Cut(s, "-")
	if !ok || !IsDeviceRole(protocol.Role(role)) || len(suffix) != 2*deviceIDRandom {
		return false
	}
	_, err := hex.DecodeString(suffix)
	return err == nil && strings.ToLower(suffix) == suffix
}
