package auth

import "testing"

func TestRevocationEnds(t *testing.T) {
	for _, tc := range []struct {
		r        Revocation
		id, hash string
		ends     bool
	}{
		{Revocation{Credential: "h1"}, "sara", "h1", true},
		{Revocation{Credential: "h1"}, "sara", "h2", false}, // her other session lives on
		{Revocation{Principal: "kiosk-1a2b3c"}, "kiosk-1a2b3c", "h3", true},
		{Revocation{Principal: "kiosk-1a2b3c"}, "kiosk-999999", "h3", false},
		{Revocation{}, "", "", false}, // an empty notice ends nothing
	} {
		if got := tc.r.Ends(tc.id, tc.hash); got != tc.ends {
			t.Errorf("%+v.Ends(%q, %q) = %v, want %v", tc.r, tc.id, tc.hash, got, tc.ends)
		}
	}
}
