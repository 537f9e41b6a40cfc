package auth

import (
	"crypto/rand"
	"strings"
)

// accessAlphabet is Crockford's base32: no I, L, O or U, so a code read
// aloud or copied by hand survives. Each character carries 5 bits.
const accessAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// accessCodeLen characters of 5 bits: 50 bits of entropy (the issue asks
// for at least 40).
const accessCodeLen = 10

// NewAccessCode returns a random case access code such as "7KQ2M-XD9PA".
func NewAccessCode() string {
	b := make([]byte, accessCodeLen)
	rand.Read(b) // never fails (crypto/rand panics instead)
	var sb strings.Builder
	for i, c := range b {
		if i == accessCodeLen/2 {
			sb.WriteByte('-')
		}
		sb.WriteByte(accessAlphabet[int(c)%len(accessAlphabet)])
	}
	return sb.String()
}

// NormalizeAccessCode turns what a citizen typed into the stored form:
// upper case, the dash in place, and the letters people confuse with digits
// read as those digits.
func NormalizeAccessCode(s string) string {
	var raw strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if strings.ContainsRune(accessAlphabet, r) {
			raw.WriteRune(r)
		}
	}
	c := raw.String()
	if len(c) != accessCodeLen {
		return c
	}
	return c[:accessCodeLen/2] + "-" + c[accessCodeLen/2:]
}
