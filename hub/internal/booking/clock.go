package booking

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// lookEvery is how often the clock looks: a no-show is recorded, and a
// reminder sent, at most this long after it falls due.
const lookEvery = 10 * time.Second

// Clock does, at every branch that takes appointments, what their time
// calls for: reminders a day and an hour before the slot, and the no-show
// of a booking not checked in by the end of its grace
// (store.DueBookings). Every hub replica runs one; the store does each
// thing once.
type Clock struct {
	Store *store.Store
	Cat   *catalogue.Catalogue
	Log   *slog.Logger
}

// StartClock looks at once and then every lookEvery until ctx ends or stop
// is called; stop waits for a look under way.
func StartClock(ctx context.Context, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) (stop func()) {
	c := &Clock{Store: st, Cat: cat, Log: log}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(lookEvery)
		defer tick.Stop()
		for {
			c.Look(ctx, time.Now())
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

// Look does what is due at now at every branch that takes appointments;
// a branch that fails is logged and looked at again next time.
func (c *Clock) Look(ctx context.Context, now time.Time) {
	for _, b := range c.Cat.Wire().Branches {
		rules, ok := c.Cat.Appointments(b.ID)
		if !ok {
			continue
		}
		done, err := c.Store.DueBookings(ctx, b.ID, c.Cat.Location(b.ID), rules.Grace, now)
		if err != nil {
			if ctx.Err() == nil {
				c.Log.Warn("appointments' clock", "branch", b.ID, "error", err)
			}
			continue
		}
		if done.Reminded > 0 || done.Missed > 0 {
			c.Log.Info("appointments' clock", "branch", b.ID, "reminded", done.Reminded, "no_shows", done.Missed)
		}
	}
}
