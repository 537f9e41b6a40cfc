package open311_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var nextLink = regexp.MustCompile(`<([^>]*)>; rel="next"`)

// page fetches one page of the list: the ids, the total and the next
// page's path (empty on the last).
func (f *fixture) page(t *testing.T, path string) (ids []string, total int, next string) {
	t.Helper()
	res, err := http.Get(f.hub.URL + "/open311/v2/" + path)
	if err != nil {
		t.Fatal(err)
	}
	body := check(t, res, "GET "+path, 200)
	for _, v := range array(t, decodeJSON(t, body)) {
		ids = append(ids, object(t, v, requestRequired, requestOptional)["service_request_id"].(string))
	}
	if total, err = strconv.Atoi(res.Header.Get("X-Total-Count")); err != nil {
		t.Fatalf("GET %s: X-Total-Count %q", path, res.Header.Get("X-Total-Count"))
	}
	if m := nextLink.FindStringSubmatch(res.Header.Get("Link")); m != nil {
		next = strings.TrimPrefix(m[1], "http://shamil.test/open311/v2/")
	}
	return ids, total, next
}

// Paging through 10,000 requests, by following Link from the first page,
// gives each matching request once, in order, whatever the page size and
// the filters (one index set or several merged), with ties in time at page
// edges and new requests arriving meanwhile.
func TestPagingTenThousand(t *testing.T) {
	f := newFixture(t)
	last := time.Now().Add(-time.Minute)
	cases := seedCases(t, f.hub.Store, 10_000, last)
	// The first listing ends now, at its first page; the others end at the
	// seed's end, before the requests posted while paging.
	seedEnd := "&end_date=" + url.QueryEscape(last.Format(time.RFC3339Nano))

	for _, c := range []struct {
		query string
		size  int
		keep  func(seeded) bool
	}{
		{"", 100, func(seeded) bool { return true }},
		{"service_code=road-defect&status=open" + seedEnd, 333, func(s seeded) bool { return s.Service == "road-defect" && !s.Closed }},
		{"status=closed" + seedEnd, 1000, func(s seeded) bool { return s.Closed }},
		{"service_code=road-defect,street-lighting,moon-landing&status=open" + seedEnd, 250, func(s seeded) bool { return !s.Closed }},
	} {
		var want []string
		for _, s := range cases {
			if c.keep(s) {
				want = append(want, s.Number)
			}
		}
		var got []string
		path := "requests.json?page_size=" + strconv.Itoa(c.size) + "&" + c.query
		for pages := 0; path != ""; pages++ {
			ids, total, next := f.page(t, path)
			if total != len(want) {
				t.Fatalf("%s: total %d, want %d", path, total, len(want))
			}
			if next != "" && len(ids) != c.size {
				t.Fatalf("%s: %d on a page that is not the last", path, len(ids))
			}
			got = append(got, ids...)
			if pages == 1 {
				// A new request while paging shifts no page: the next
				// pages keep the first one's end_date.
				f.post(t, "requests.json", f.roadDefect("new while paging"), 200)
			}
			path = next
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("%s: paging gave %d requests, want %d in order (first differences at %d)", c.query, len(got), len(want), firstDiff(got, want))
		}
	}

	// Past the last page: an empty page, the same total.
	ids, total, next := f.page(t, "requests.json?status=closed&page_size=1000&page=2"+seedEnd)
	if len(ids) != 0 || total != 1000 || next != "" {
		t.Fatalf("past the end: %d ids, total %d, next %q", len(ids), total, next)
	}
	for _, q := range []string{"page=0", "page=x", "page_size=0", "page_size=1001"} {
		name, _, _ := strings.Cut(q, "=")
		errorBody(t, q, f.get(t, "requests.json?"+q, 400), 400, name)
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// Cases stored before the indexes existed are filed at start-up.
func TestIndexCasesFilesOldCases(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cases := seedCases(t, f.hub.Store, 2500, time.Now().Add(-time.Minute))
	// Forget the indexes, as a store from before them would have none.
	rdb := f.hub.Store.Redis()
	keys, err := rdb.Keys(ctx, "{b:qatif}:cases:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k != "{b:qatif}:cases:open" {
			rdb.Del(ctx, k)
		}
	}
	if ids, _, _ := f.page(t, "requests.json?service_code=road-defect"); len(ids) != 0 {
		t.Fatalf("listed without an index: %d", len(ids))
	}
	if err := f.hub.Store.IndexCases(ctx, "qatif"); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range cases {
		if s.Service == "road-defect" && s.Closed {
			want = append(want, s.Number)
		}
	}
	if ids, total, _ := f.page(t, "requests.json?service_code=road-defect&status=closed"); total != len(want) || strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("after indexing: %d of %d", total, len(want))
	}
}
