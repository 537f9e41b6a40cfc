// Package dayend ends each branch's day: once the branch-local date has
// changed, the tickets left waiting expire (store.CloseDay), so the next
// morning starts with an empty queue while their cases stay open. Every
// hub replica runs it; a day closed twice is closed once.
package dayend

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// checkEvery is how often the branches' dates are looked at: a day ends at
// most this long after midnight.
const checkEvery = time.Minute

// Start closes every branch's past days before it returns, then each day
// after the branch's local midnight, until the returned func is called;
// that func waits for a close under way.
func Start(ctx context.Context, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) (stop func()) {
	closed := map[string]string{} // branch → the today it was closed for
	closeDays := func(ctx context.Context) {
		now := time.Now()
		for _, b := range cat.Wire().Branches {
			if today := cat.Day(b.ID, now); closed[b.ID] != today && closeDay(ctx, st, cat, b.ID, now, log) {
				closed[b.ID] = today
			}
		}
	}
	closeDays(ctx)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(checkEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				closeDays(ctx)
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

// closeDay closes the branch's days before now's and reports whether it
// could.
func closeDay(ctx context.Context, st *store.Store, cat *catalogue.Catalogue, branch string, now time.Time, log *slog.Logger) bool {
	today := cat.Day(branch, now)
	yesterday := now.In(cat.Location(branch)).AddDate(0, 0, -1).Format(time.DateOnly)
	n, err := st.CloseDay(ctx, branch, today, yesterday, now)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("close the day", "branch", branch, "error", err)
		}
		return false
	}
	if n > 0 {
		log.Info("day closed: tickets left waiting expired", "branch", branch, "expired", n)
	}
	return true
}
