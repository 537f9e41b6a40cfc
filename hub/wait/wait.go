// Package wait is how tests wait for something to happen: they poll a
// condition until it holds, never sleep a fixed time and hope. The
// timeouts are generous on purpose: the whole suite runs at once on a
// loaded machine, and a condition that holds returns at once anyway.
package wait

import (
	"errors"
	"testing"
	"time"
)

// Poll is the interval between two checks of a condition.
const Poll = 20 * time.Millisecond

// Until checks cond every Poll until it returns true; the test fails,
// naming what it waited for, when timeout passes first.
func Until(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	Succeeds(t, timeout, what, func() error {
		if cond() {
			return nil
		}
		return errNotYet
	})
}

// Succeeds checks cond every Poll until it returns nil; the test fails
// with cond's last error when timeout passes first.
func Succeeds(t testing.TB, timeout time.Duration, what string, cond func() error) {
	t.Helper()
	if err := poll(timeout, cond); err != nil {
		if err == errNotYet {
			t.Fatalf("waited %v for %s", timeout, what)
		}
		t.Fatalf("waited %v for %s: %v", timeout, what, err)
	}
}

// For checks cond every Poll and reports whether it held before timeout
// passed, for a test that does something again when it did not (a visitor
// scanning a code a second time).
func For(timeout time.Duration, cond func() bool) bool {
	return poll(timeout, func() error {
		if cond() {
			return nil
		}
		return errNotYet
	}) == nil
}

// poll checks cond every Poll until it returns nil or timeout passes, and
// returns cond's last error.
func poll(timeout time.Duration, cond func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := cond()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(Poll)
	}
}

// errNotYet is Until's condition not holding: nothing more to say.
var errNotYet = errors.New("not yet")
