package open311_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// BenchmarkRequestList is make bench's Open311 figure: GET requests.json
// with 100,000 stored cases, one page of 100 and a filter matching one
// case, each beside the same read straight from the store (the index
// script and the cases, no HTTP) in the same run. It reports p99 in ms of
// 500 reads each; the goal is at most 30 ms through the hub.
func BenchmarkRequestList(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	st := f.hub.Store
	now := time.Now()
	seedCases(b, st, 100_000, now.Add(-time.Minute))
	// The one case of its service.
	if _, err := st.OpenCase(ctx, store.Report{Branch: "qatif", Service: "demolition-permit", Category: "permit",
		Channel: "open311", Description: "the only one", Submitted: &store.Submitted{Description: "the only one"},
		CasePrefix: "QTF", Year: now.Format("2006"), AccessCode: "ABCDE-FGHJK", Now: now.Add(-time.Hour), Actor: "citizen"}); err != nil {
		b.Fatal(err)
	}
	window := store.RequestQuery{From: now.Add(-90 * 24 * time.Hour), To: now}

	for _, c := range []struct {
		name  string
		path  string
		query store.RequestQuery
		want  int
	}{
		{"page", "requests.json?page_size=100", store.RequestQuery{Limit: 100}, 100},
		{"one", "requests.json?service_code=demolition-permit", store.RequestQuery{Services: []string{"demolition-permit"}, Limit: 1000}, 1},
	} {
		c.query.From, c.query.To = window.From, window.To
		hub := p99(b, func() {
			res, err := http.Get(f.hub.URL + "/open311/v2/" + c.path)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || res.Header.Get("X-Total-Count") == "" {
				b.Fatalf("GET %s: %s", c.path, res.Status)
			}
		})
		direct := p99(b, func() {
			page, err := st.Requests(ctx, "qatif", c.query)
			if err != nil || len(page.Cases) != c.want {
				b.Fatalf("%s straight from the store: %d cases, %v", c.name, len(page.Cases), err)
			}
		})
		b.ReportMetric(hub, "p99-ms-"+c.name+"-hub")
		b.ReportMetric(direct, "p99-ms-"+c.name+"-store")
	}
}

// p99 runs read 500 times, after 50 to warm up, and returns the 99th
// percentile of its time in ms.
func p99(b *testing.B, read func()) float64 {
	b.Helper()
	for range 50 {
		read()
	}
	times := make([]time.Duration, 500)
	for i := range times {
		start := time.Now()
		read()
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return float64(times[len(times)*99/100]) / float64(time.Millisecond)
}
