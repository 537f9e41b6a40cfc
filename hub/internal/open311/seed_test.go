package open311_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// seeded is a case the seed opened: its number, service and creation time.
type seeded struct {
	Number  string
	Service string
	At      time.Time
	Closed  bool
}

// seedCases opens n Open311 cases of the Qatif branch through the store's
// own scripts (so the indexes are the real ones), many at a time, ending at
// last: every third shares its creation millisecond with the next (ties
// at page edges), services alternate, and every tenth is resolved.
// It returns them newest first, in the order the list must give.
func seedCases(tb testing.TB, st *store.Store, n int, last time.Time) []seeded {
	tb.Helper()
	ctx := context.Background()
	out := make([]seeded, n)
	jobs := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := seedOne(ctx, st, i, n, last, &out[i]); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		tb.Fatal(err)
	default:
	}
	sort.Slice(out, func(a, b int) bool {
		if !out[a].At.Equal(out[b].At) {
			return out[a].At.After(out[b].At)
		}
		return out[a].Number > out[b].Number
	})
	return out
}

func seedOne(ctx context.Context, st *store.Store, i, n int, last time.Time, s *seeded) error {
	services := [2]struct{ code, category, district string }{
		{"road-defect", "report", "Al-Nasirah"}, {"street-lighting", "report", "Al-Shati"}}
	svc := services[i%2]
	// Every third case shares the millisecond of the next: ties at the edges.
	k := i
	if i%3 == 0 && i+1 < n {
		k = i + 1
	}
	at := last.Add(-time.Duration(n-1-k) * 7 * time.Second).Truncate(time.Millisecond)
	lat, long := 26.5, 50.0
	c, err := st.OpenCase(ctx, store.Report{
		Branch: "qatif", Service: svc.code, Category: svc.category, Channel: "open311",
		Description: fmt.Sprintf("seeded %d", i), Location: &protocol.Location{Street: "Corniche", Lat: &lat, Lng: &long},
		Submitted:  &store.Submitted{Description: fmt.Sprintf("seeded %d", i), Address: "Corniche", Lat: &lat, Long: &long},
		CasePrefix: "QTF", Year: at.Format("2006"), AccessCode: "ABCDE-FGHJK", Now: at, Actor: "citizen",
	})
	if err != nil {
		return fmt.Errorf("seed case %d: %w", i, err)
	}
	*s = seeded{Number: c.Case, Service: svc.code, At: at, Closed: i%10 == 0}
	if s.Closed {
		by := store.By{Actor: "seed", Now: at.Add(time.Minute)}
		if _, err := st.Resolve(ctx, "qatif", c.Case, by, "Done"); err != nil {
			return fmt.Errorf("resolve seeded case %d: %w", i, err)
		}
	}
	return nil
}
