package auth

import (
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestPasswordHash(t *testing.T) {
	pw := NewPassword()
	if len(pw) != PasswordLen || strings.ContainsAny(pw, "0O1lIo") {
		t.Fatalf("NewPassword() = %q", pw)
	}
	h := HashPassword(pw)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, pw) {
		t.Fatalf("HashPassword = %q", h)
	}
	if h2 := HashPassword(pw); h2 == h {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, c := range []struct {
		name, hash, password string
		ok, err              bool
	}{
		{"right", h, pw, true, false},
		{"wrong", h, pw + "x", false, false},
		{"empty", h, "", false, false},
		{"not a hash", "plain", pw, false, true},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuv", pw, false, true},
		{"huge memory", strings.Replace(h, "m=19456", "m=99999999", 1), pw, false, true},
		{"bad salt", strings.Replace(h, "$argon2id$v=19$m=19456,t=2,p=1$", "$argon2id$v=19$m=19456,t=2,p=1$!!", 1), pw, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ok, err := CheckPassword(c.hash, c.password)
			if ok != c.ok || (err != nil) != c.err {
				t.Fatalf("CheckPassword = %v, %v; want %v, error %v", ok, err, c.ok, c.err)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	id := NewDeviceID(protocol.RoleKiosk)
	if !ValidDeviceID(id) || !strings.HasPrefix(id, "kiosk-") || len(id) != len("kiosk-7f3a9c") {
		t.Fatalf("NewDeviceID = %q", id)
	}
	dev := NewDeviceToken(id)
	sess := NewSessionToken()
	if len(sess) < 43 || HashToken(sess) == HashToken(NewSessionToken()) {
		t.Fatalf("session token %q", sess)
	}
	if h := HashToken(dev); len(h) != 64 || strings.Contains(h, dev) {
		t.Fatalf("HashToken = %q", h)
	}
	for _, c := range []struct {
		token string
		kind  TokenKind
		id    string
	}{
		{dev, TokenDevice, id},
		{sess, TokenSession, ""},
		{"", TokenInvalid, ""},
		{"kiosk-7f3a9c", TokenInvalid, ""},
		{"kiosk-7f3a9c.", TokenInvalid, ""},
		{"kiosk-7f3a9c." + sess[:20], TokenInvalid, ""},
		{"officer-7f3a9c." + sess, TokenInvalid, ""},
		{"kiosk-7F3A9C." + sess, TokenInvalid, ""},
		{id + "." + sess + "." + sess, TokenInvalid, ""},
		{sess + "=", TokenInvalid, ""},
		{strings.Repeat("a", 500), TokenInvalid, ""},
	} {
		kind, gotID := ParseToken(c.token)
		if kind != c.kind || gotID != c.id {
			t.Errorf("ParseToken(%q) = %v %q, want %v %q", c.token, kind, gotID, c.kind, c.id)
		}
	}
}

func TestUsernames(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Ali Al-Zahrani", "ali.al.zahrani"},
		{"  Sara   Hassan ", "sara.hassan"},
		{"J. Smith 2", "j.smith.2"},
		{strings.Repeat("abcdefghij ", 5), "abcdefghij.abcdefghij.abcdefghij"[:32]},
	} {
		if got := UsernameFromName(c.name, protocol.RoleOfficer); got != c.want {
			t.Errorf("UsernameFromName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	for _, name := range []string{"علي الزهراني", "", "Al", "Zé", "Citizen"} {
		got := UsernameFromName(name, protocol.RoleManager)
		if !strings.HasPrefix(got, "manager-") || len(got) != len("manager-3f9a1c") {
			t.Errorf("UsernameFromName(%q) = %q, want manager-<random>", name, got)
		}
	}
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{" Ali.Hassan ", "ali.hassan", true},
		{"officer-3f9a1c", "officer-3f9a1c", true},
		{"ab", "ab", false},
		{".ali", ".ali", false},
		{"ali hassan", "ali hassan", false},
		{"user:x", "user:x", false},
		{"عليّ", "عليّ", false},
	} {
		got, ok := NormalizeUsername(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeUsername(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func FuzzParseToken(f *testing.F) {
	f.Add(NewDeviceToken("kiosk-7f3a9c"))
	f.Add(NewSessionToken())
	for _, s := range []string{"", ".", "kiosk-.", "display-000000.x", "a.b.c", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		kind, id := ParseToken(token)
		switch kind {
		case TokenDevice:
			if !ValidDeviceID(id) || !strings.HasPrefix(token, id+".") || len(token) != len(id)+1+secretLen {
				t.Fatalf("ParseToken(%q) = device %q", token, id)
			}
		case TokenSession:
			if id != "" || len(token) != secretLen || strings.Contains(token, ".") {
				t.Fatalf("ParseToken(%q) = session %q", token, id)
			}
		case TokenInvalid:
			if id != "" {
				t.Fatalf("ParseToken(%q) = invalid with id %q", token, id)
			}
		}
	})
}
