package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// secretBytes is the size of every token secret: 256 bits, so a token cannot
// be guessed and a fast hash of it is as good as a slow one.
const secretBytes = 32

// secretLen is the length of a secret in unpadded base64url.
var secretLen = base64.RawURLEncoding.EncodedLen(secretBytes)

// maxTokenLen bounds what Authenticate will look at; real tokens are far
// shorter.
const maxTokenLen = 128

// newSecret returns 32 random bytes in unpadded base64url (no dots, so a
// device token's id and secret split on the dot).
func newSecret() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(secretBytes))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	return b
}

// HashToken is what the store keeps of a token: its SHA-256 in hex.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// NewSessionToken returns a fresh sign-in session token.
func NewSessionToken() string { return newSecret() }

// NewDeviceToken returns a fresh token for the device id: "<id>.<secret>".
func NewDeviceToken(id string) string { return id + "." + newSecret() }

// TokenKind is what a token looks like it is.
type TokenKind int

const (
	TokenInvalid TokenKind = iota
	TokenDevice
	TokenSession
)

// ParseToken tells a device token ("<device-id>.<secret>") from a session
// token ("<secret>") by its shape, and returns the device id of a device
// token. It checks the shape only; the store checks the secret.
func ParseToken(token string) (kind TokenKind, deviceID string) {
	if len(token) > maxTokenLen {
		return TokenInvalid, ""
	}
	id, secret, isDevice := strings.Cut(token, ".")
	if !isDevice {
		if validSecret(token) {
			return TokenSession, ""
		}
		return TokenInvalid, ""
	}
	if !ValidDeviceID(id) || !validSecret(secret) {
		return TokenInvalid, ""
	}
	return TokenDevice, id
}

func validSecret(s string) bool {
	if len(s) != secretLen {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil && len(b) == secretBytes
}
