package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1
// lane). A sign-in costs about 30 ms of one core, which is fine for a desk
// and slow for a guesser. They are stored with each hash, so they can be
// raised later without invalidating existing passwords.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// passwordAlphabet leaves out characters people confuse when reading a
// password off a sheet of paper: 0 O o 1 l I.
const passwordAlphabet = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

// PasswordLen is the length of a generated password: about 93 bits.
const PasswordLen = 16

// NewPassword returns a random password of PasswordLen characters.
func NewPassword() string {
	// Rejection sampling keeps every character equally likely.
	limit := 256 - 256%len(passwordAlphabet)
	var sb strings.Builder
	for sb.Len() < PasswordLen {
		for _, c := range randomBytes(PasswordLen) {
			if int(c) < limit && sb.Len() < PasswordLen {
				sb.WriteByte(passwordAlphabet[int(c)%len(passwordAlphabet)])
			}
		}
	}
	return sb.String()
}

// HashPassword returns the argon2id hash of a password in the usual encoded
// form: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(password string) string {
	salt := randomBytes(argonSaltLen)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// errBadHash means a stored hash is not one HashPassword made.
var errBadHash = errors.New("not an argon2id password hash")

// CheckPassword reports whether password matches an encoded hash from
// HashPassword. The comparison takes the same time wherever they differ.
func CheckPassword(encoded, password string) (bool, error) {
	var version int
	var memory, time uint32
	var threads uint8
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, fmt.Errorf("%w: version %q", errBadHash, parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, fmt.Errorf("%w: parameters %q", errBadHash, parts[3])
	}
	// Bounds keep a tampered hash from making a sign-in eat the machine.
	if memory < 8 || memory > 1<<20 || time < 1 || time > 10 || threads < 1 || threads > 16 {
		return false, fmt.Errorf("%w: parameters out of range %q", errBadHash, parts[3])
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, fmt.Errorf("%w: salt", errBadHash)
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false, fmt.Errorf("%w: key", errBadHash)
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a username does not exist, so a wrong
// username takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string { return HashPassword("no such user") })

// CheckNoPassword spends the time CheckPassword would, and fails.
func CheckNoPassword(password string) {
	CheckPassword(dummyHash(), password)
}
