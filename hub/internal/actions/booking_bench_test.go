package actions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// BenchmarkConcurrentBookings is make bench's appointments figure: 1,000
// booking attempts at once for the slots of one day, through the actions
// (the catalogue's checks and the script), beside the same attempts
// straight on the store for another day, and the booking script's own
// mean time inside Redis (INFO commandstats), all in the same run. Every
// attempt must be answered (booked or slot_full) and no slot overbooked.
func BenchmarkConcurrentBookings(b *testing.B) {
	cat, err := catalogue.Load("../../catalogues/qatif.yaml")
	if err != nil {
		b.Fatal(err)
	}
	rdb := redistest.Start(b).Client()
	st := store.New(rdb)
	ctx := context.Background()
	if err := st.LoadScripts(ctx); err != nil {
		b.Fatal(err)
	}
	a := New(st, cat, "https://shamil.example.sa", slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.now = func() time.Time { return bookingNow }
	service, _ := cat.Service("building-permit")
	rules, _ := cat.Appointments("qatif")

	viaActions := attempts(b, func(i int, slot time.Time) error {
		_, err := a.BookVisit(ctx, BookRequest{Branch: "qatif", Service: service.Code,
			Slot: slot.Format(time.RFC3339), Phone: fmt.Sprintf("05%08d", i), Lang: "ar"})
		return err
	}, cat.Slots("qatif", service.Code, "2026-12-07"))
	viaStore := attempts(b, func(i int, slot time.Time) error {
		_, err := st.BookSlot(ctx, store.Book{Branch: "qatif", Service: service.Code, Category: service.Category,
			Slot: slot, Minutes: service.SlotMinutes, Places: service.PlacesPerSlot, MaxOverlapping: rules.MaxOverlapping,
			Phone: fmt.Sprintf("+9665%08d", i), PerPhone: rules.PerPhone, Channel: "online", Lang: "ar",
			CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: bookingNow, Actor: "citizen"})
		return err
	}, cat.Slots("qatif", service.Code, "2026-12-08"))

	for _, day := range []string{"2026-12-07", "2026-12-08"} {
		slots := cat.Slots("qatif", service.Code, day)
		taken, overlapping, err := st.SlotsTaken(ctx, "qatif", service.Code, service.SlotMinutes, slots)
		if err != nil {
			b.Fatal(err)
		}
		for i := range slots {
			if taken[i] > service.PlacesPerSlot || overlapping[i] > rules.MaxOverlapping {
				b.Fatalf("%s overbooked: %d places taken of %d, %d overlapping of %d", slots[i], taken[i],
					service.PlacesPerSlot, overlapping[i], rules.MaxOverlapping)
			}
		}
	}
	stats, err := rdb.Info(ctx, "commandstats").Result()
	if err != nil {
		b.Fatal(err)
	}
	m := regexp.MustCompile(`cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([0-9.]+)`).FindStringSubmatch(stats)
	if m == nil {
		b.Fatalf("no EVALSHA in %s", stats)
	}
	script, _ := strconv.ParseFloat(m[1], 64)
	b.ReportMetric(viaActions, "p99-ms-actions")
	b.ReportMetric(viaStore, "p99-ms-store")
	b.ReportMetric(script/1000, "mean-ms-script")
}

// attempts runs 1,000 booking attempts at once, spread over slots, and
// returns the p99 of their time in ms. Each must book or find the slot full.
func attempts(b *testing.B, book func(i int, slot time.Time) error, slots []time.Time) float64 {
	b.Helper()
	const n = 1000
	times := make([]time.Duration, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			err := book(i, slots[i%len(slots)])
			times[i] = time.Since(t0)
			var pe *protocol.Error
			if err != nil && !(errors.As(err, &pe) && pe.Reason == "slot_full") {
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatalf("an attempt was not answered with a booking or slot_full: %v", err)
	}
	slices.Sort(times)
	return float64(times[n*99/100]) / float64(time.Millisecond)
}
