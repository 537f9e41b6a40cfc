package store

import (
	"context"
	"testing"
	"time"
)

func TestNotifierLease(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	claim := func(holder string, want bool) {
		t.Helper()
		held, err := s.ClaimNotifier(ctx, branch, holder, time.Minute)
		if err != nil || held != want {
			t.Fatalf("%s claims: %v %v, want %v", holder, held, err, want)
		}
	}
	claim("a", true)
	claim("b", false) // a holds it
	claim("a", true)  // renewed
	if err := s.ReleaseNotifier(ctx, branch, "b"); err != nil {
		t.Fatal(err)
	}
	claim("b", false) // b could not give up a's lease
	if err := s.ReleaseNotifier(ctx, branch, "a"); err != nil {
		t.Fatal(err)
	}
	claim("b", true)

	// A lease that is not renewed runs out.
	if _, err := s.ClaimNotifier(ctx, branch, "b", 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // on purpose: the lease runs out meanwhile
	claim("a", true)
}
