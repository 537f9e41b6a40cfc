package auth

import (
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// validUsername is the shape of a username: 3 to 32 lowercase ASCII letters,
// digits, dots or dashes, starting with a letter or digit. It is part of a
// Redis key and typed at a desk, so it stays plain.
var validUsername = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{2,31}$`)

// Reserved are the names the hub writes on case timelines for those who
// are not accounts: the citizen and the notifier. No account may take one,
// or its entries would pass for theirs.
func Reserved(username string) bool {
	return username == "citizen" || username == "notifier"
}

// Username is the username of a new account of the role: the one wanted,
// normalised, or one derived from the name when none is wanted. A wanted
// name that is not a valid username, or a reserved one, is refused (a
// *protocol.Error about the field username).
func Username(name, wanted string, role protocol.Role) (string, error) {
	if wanted == "" {
		return UsernameFromName(name, role), nil // never a reserved one
	}
	user, ok := NormalizeUsername(wanted)
	if !ok {
		return "", words.BadUsername.Fill(wanted).FieldError("username")
	}
	if Reserved(user) {
		return "", words.ReservedUsername.Fill(user).FieldError("username")
	}
	return user, nil
}

// NormalizeUsername lowercases and trims what a person typed as a username;
// ok is false when the result is not a valid username.
func NormalizeUsername(s string) (username string, ok bool) {
	u := strings.ToLower(strings.TrimSpace(s))
	return u, validUsername.MatchString(u)
}

// UsernameFromName derives a username from a display name: "Ali Al-Zahrani"
// becomes "ali.al.zahrani". A name with too few Latin letters or digits (an
// Arabic name, say) gets "<role>-<random>", e.g. "officer-3f9a1c".
func UsernameFromName(name string, role protocol.Role) string {
	var sb strings.Builder
	dot := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dot && sb.Len() > 0 {
				sb.WriteByte('.')
			}
			dot = false
			sb.WriteRune(r)
		case r == ' ', r == '-', r == '_', r == '.', r == '\t':
			dot = true
		}
	}
	u := sb.String()
	if len(u) > 32 {
		u = strings.TrimRight(u[:32], ".")
	}
	if !validUsername.MatchString(u) || Reserved(u) {
		return string(role) + "-" + hex.EncodeToString(randomBytes(3))
	}
	return u
}
