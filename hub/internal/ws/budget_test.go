package ws

import (
	"testing"
	"time"
)

func TestBudget(t *testing.T) {
	start := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	b := newBudget(start)
	for i := range requestBurst {
		if ok, _ := b.take(start); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := b.take(start)
	if ok || wait != time.Second/requestRate {
		t.Fatalf("over the burst: ok %v, wait %v; want refused, wait %v", ok, wait, time.Second/requestRate)
	}
	// A second later, requestRate more, and no more.
	later := start.Add(time.Second)
	for i := range requestRate {
		if ok, _ := b.take(later); !ok {
			t.Fatalf("request %d after a second refused", i+1)
		}
	}
	if ok, _ := b.take(later); ok {
		t.Fatal("more than requestRate a second")
	}
	// Idle, the budget fills up to the burst, not beyond.
	idle := later.Add(time.Hour)
	n := 0
	for ok, _ := b.take(idle); ok; ok, _ = b.take(idle) {
		n++
	}
	if n != requestBurst {
		t.Fatalf("after an idle hour %d requests at once, want %d", n, requestBurst)
	}
}
