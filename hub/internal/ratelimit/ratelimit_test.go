package ratelimit

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var (
	perAddr  = Rule{Name: "test:addr", Limit: 3, Window: time.Hour, Says: words.Text{Ar: "كثير من هنا", En: "Too many from here"}}
	perPhone = Rule{Name: "test:phone", Limit: 2, Window: 24 * time.Hour, Says: words.Text{Ar: "كثير لهذا الرقم", En: "Too many for this number"}}
)

func TestTakeBitesAtTheLimitForOneSubjectOnly(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.Start(t).Client()
	l := New(rdb)
	for i := range perAddr.Limit {
		if err := l.Take(ctx, Count{perAddr, "203.0.113.9", 1}); err != nil {
			t.Fatalf("take %d: %v", i+1, err)
		}
	}
	err := l.Take(ctx, Count{perAddr, "203.0.113.9", 1})
	var r *Refused
	var pe *protocol.Error
	if !errors.As(err, &r) || !errors.As(err, &pe) || pe.Code != protocol.CodeRateLimited {
		t.Fatalf("over the limit: %v", err)
	}
	if r.RetryAfter <= 59*time.Minute || r.RetryAfter > time.Hour {
		t.Fatalf("retry after %v, want about an hour", r.RetryAfter)
	}
	if pe.Message != "Too many from here. Try again in 60 minutes." || pe.MessageAr != "كثير من هنا. حاول مجدداً بعد 60 دقيقة." {
		t.Fatalf("message %q / %q", pe.Message, pe.MessageAr)
	}
	w := httptest.NewRecorder()
	SetRetryAfter(w, err)
	if got := w.Header().Get("Retry-After"); got != "3600" {
		t.Fatalf("Retry-After %q", got)
	}
	// The refusal counted nothing, and another address has its own count.
	if n, _ := rdb.Get(ctx, "{limit}test:addr:203.0.113.9").Int(); n != perAddr.Limit {
		t.Fatalf("counter %d after a refusal, want %d", n, perAddr.Limit)
	}
	if err := l.Take(ctx, Count{perAddr, "198.51.100.7", 1}); err != nil {
		t.Fatalf("another address: %v", err)
	}
	if ttl := rdb.PTTL(ctx, "{limit}test:addr:198.51.100.7").Val(); ttl <= 59*time.Minute || ttl > time.Hour {
		t.Fatalf("window %v", ttl)
	}
}

func TestTakeCountsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.Start(t).Client()
	l := New(rdb)
	addr := func(n int) Count { return Count{perAddr, "203.0.113.9", n} }
	phone := Count{perPhone, "+966501234567", 1}
	for range perPhone.Limit {
		if err := l.Take(ctx, addr(1), phone); err != nil {
			t.Fatal(err)
		}
	}
	// The number is full: the address is not counted either, and the wait
	// is the number's.
	err := l.Take(ctx, addr(1), phone)
	var r *Refused
	if !errors.As(err, &r) || r.RetryAfter <= 23*time.Hour || r.err.Message != "Too many for this number. Try again in 24 hours." ||
		r.err.MessageAr != "كثير لهذا الرقم. حاول مجدداً بعد 24 ساعة." {
		t.Fatalf("number over its limit: %v", err)
	}
	if n, _ := rdb.Get(ctx, "{limit}test:addr:203.0.113.9").Int(); n != 2 {
		t.Fatalf("address counted %d, want 2", n)
	}
	// n counts at once: 2 more would pass the address's 3.
	if err := l.Take(ctx, addr(2)); !errors.As(err, &r) {
		t.Fatalf("2 over a room of 1: %v", err)
	}
	// No subject and nothing to count are not counted.
	if err := l.Take(ctx, addr(0), Count{perPhone, "", 1}); err != nil {
		t.Fatal(err)
	}
	if err := l.Take(ctx, addr(1)); err != nil {
		t.Fatalf("the last one: %v", err)
	}
}

func TestGiveBack(t *testing.T) {
	ctx := context.Background()
	rdb := redistest.Start(t).Client()
	l := New(rdb)
	c := Count{perAddr, "203.0.113.9", 2}
	must(t, l.Take(ctx, c))
	must(t, l.GiveBack(ctx, c))
	key := "{limit}test:addr:203.0.113.9"
	if n, _ := rdb.Get(ctx, key).Int(); n != 0 || rdb.PTTL(ctx, key).Val() <= 0 {
		t.Fatalf("after giving back: %d, ttl %v", n, rdb.PTTL(ctx, key).Val())
	}
	// A window that has ended is not brought back as a counter without one.
	must(t, rdb.Del(ctx, key).Err())
	must(t, l.GiveBack(ctx, c))
	if rdb.Exists(ctx, key).Val() != 0 {
		t.Fatal("giving back recreated an ended window")
	}
}

func TestWaitText(t *testing.T) {
	for d, want := range map[time.Duration][2]string{
		10 * time.Second:             {"1 minute", "دقيقة واحدة"},
		90 * time.Second:             {"2 minutes", "دقيقتين"},
		7 * time.Minute:              {"7 minutes", "7 دقائق"},
		59*time.Minute + time.Second: {"60 minutes", "60 دقيقة"},
		3 * time.Hour:                {"3 hours", "3 ساعات"},
		23*time.Hour + time.Minute:   {"24 hours", "24 ساعة"},
	} {
		if en, ar := waitText(d); en != want[0] || ar != want[1] {
			t.Errorf("waitText(%v) = %q, %q; want %q, %q", d, en, ar, want[0], want[1])
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
