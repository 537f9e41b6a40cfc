package wait

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestUntilReturnsOnceTheConditionHolds(t *testing.T) {
	var checks atomic.Int64
	Until(t, 10*time.Second, "the third check", func() bool { return checks.Add(1) == 3 })
	if n := checks.Load(); n != 3 {
		t.Fatalf("%d checks, want 3", n)
	}
}

func TestUntilFailsAfterTheTimeout(t *testing.T) {
	got := failure(func(tb testing.TB) { Until(tb, 100*time.Millisecond, "the sky to fall", func() bool { return false }) })
	if got != "waited 100ms for the sky to fall" {
		t.Fatalf("failure %q", got)
	}
}

func TestSucceedsFailsWithTheLastError(t *testing.T) {
	n := 0
	got := failure(func(tb testing.TB) {
		Succeeds(tb, 100*time.Millisecond, "the count", func() error { n++; return fmt.Errorf("count %d", n) })
	})
	if !strings.HasPrefix(got, "waited 100ms for the count: count ") || strings.HasSuffix(got, "count 1") {
		t.Fatalf("failure %q, want the last of several errors", got)
	}
	if got := failure(func(tb testing.TB) { Succeeds(tb, time.Second, "nil", func() error { return nil }) }); got != "" {
		t.Fatalf("failure %q for a condition that holds", got)
	}
}

// failure runs f with a testing.TB that records Fatalf's message and
// stops f's goroutine, as the real one does.
func failure(f func(testing.TB)) string {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.msg
}

type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
