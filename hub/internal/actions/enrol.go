package actions

import (
	"strings"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// The credential policy of new accounts: what a device's, a person's or an
// API key's fields may be, and the minting of their ids and secrets. The
// store is handed only what to persist, the secrets as hashes. These are
// plain functions so that tests' fixtures enrol accounts by the same rules
// (hubtest.AddDevice, hubtest.AddUser…) without an admin.

// NewDevice checks a kiosk's or display's enrolment and mints its id (e.g.
// kiosk-7f3a9c) and token, to be shown once.
func NewDevice(branch string, role protocol.Role, name string) (d store.NewDevice, token string, err error) {
	if !auth.IsDeviceRole(role) {
		return store.NewDevice{}, "", words.NotDeviceRole.Fill(role).FieldError("role")
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) {
		return store.NewDevice{}, "", words.DeviceNameTooLong.FieldError("name")
	}
	id := auth.NewDeviceID(role)
	token = auth.NewDeviceToken(id)
	return store.NewDevice{ID: id, Name: name, Role: role, Branch: branch, TokenHash: auth.HashToken(token)}, token, nil
}

// NewUser checks a person's enrolment and mints their password, to be
// shown once and stored only as an argon2id hash. An empty username is
// derived from the name (auth.Username). department, head and mobile
// (E.164, or empty) are a department's person's (protocol.RoleDepartment);
// the caller has checked the department against the catalogue, and the
// store refuses one that cannot be part of a key.
func NewUser(branch string, role protocol.Role, department string, head bool, mobile, name, username string) (u store.NewUser, password string, err error) {
	if role != protocol.RoleOfficer && role != protocol.RoleManager && role != protocol.RoleAdmin && role != protocol.RoleDepartment {
		return store.NewUser{}, "", words.NotPersonRole.Fill(role).FieldError("role")
	}
	name = strings.TrimSpace(name)
	if !validName(name) {
		return store.NewUser{}, "", words.PersonName.FieldError("name")
	}
	user, err := auth.Username(name, username, role)
	if err != nil {
		return store.NewUser{}, "", err
	}
	password = auth.NewPassword()
	return store.NewUser{Username: user, Name: name, Role: role, Branch: branch, PasswordHash: auth.HashPassword(password),
		Department: department, Head: head, Mobile: mobile}, password, nil
}

// NewAPIKey checks an Open311 API key's issue to an integration at a
// branch and mints the key, to be shown once; the store keeps its SHA-256.
func NewAPIKey(branch, name string) (k store.NewAPIKey, key string, err error) {
	name = strings.TrimSpace(name)
	if !validName(name) {
		return store.NewAPIKey{}, "", words.APIKeyName.FieldError("name")
	}
	key = auth.NewSessionToken()
	return store.NewAPIKey{Hash: auth.HashToken(key), Name: name, Branch: branch}, key, nil
}

// validName is the rule for a person's or an integration's name, trimmed:
// required, valid UTF-8, at most 100 characters.
func validName(name string) bool {
	return name != "" && utf8.RuneCountInString(name) <= 100 && utf8.ValidString(name)
}
