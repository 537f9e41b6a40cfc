package performance

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// Sunday 29 November 2026, 08:00 in Riyadh.
var t0 = time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)

// Three road reports and a walk-in-like report at the desk: one resolved in
// time, reopened and rated 4; one resolved late; one still open past its
// target; one old enough to fall out of the 30 days.
func seed(t *testing.T) (*store.Store, *catalogue.Catalogue, time.Time) {
	t.Helper()
	ctx := context.Background()
	cat, err := catalogue.Load("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	open := func(at time.Time, dept string) string {
		r, err := st.OpenCase(ctx, store.Report{Branch: "qatif", Service: "road-defect", Category: "report", Channel: "online",
			Description: "pothole", Phone: "+966501234567", CasePrefix: "QTF", Year: "2026", AccessCode: "7KQ2M-XD9PA", Now: at,
			Actor: "citizen", Department: dept})
		if err != nil {
			t.Fatal(err)
		}
		return r.Case
	}
	by := func(at time.Time) store.By { return store.By{Actor: "omar", Now: at, Within: "roads"} }
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	inTime := open(t0, "roads")
	must(st.Respond(ctx, "qatif", inTime, by(t0.Add(time.Hour)), "On it"))
	must(st.Resolve(ctx, "qatif", inTime, by(t0.Add(2*time.Hour)), "Filled"))
	must(st.CitizenReopen(ctx, "qatif", inTime, "Still there", t0.Add(3*time.Hour), 30*24*time.Hour))
	must(st.Resolve(ctx, "qatif", inTime, by(t0.Add(4*time.Hour)), "Filled again"))
	must(st.RateCase(ctx, "qatif", inTime, 4, "شكراً", t0.Add(5*time.Hour)))
	late := open(t0, "roads")
	must(st.Resolve(ctx, "qatif", late, by(t0.Add(20*24*time.Hour)), "Done at last"))
	open(t0.Add(time.Hour), "roads")
	open(t0.Add(time.Hour), "")
	open(t0.Add(-40*24*time.Hour), "roads")
	return st, cat, t0.Add(25 * 24 * time.Hour)
}

func TestCompute(t *testing.T) {
	st, cat, now := seed(t)
	f, err := Compute(context.Background(), st, cat, []string{"qatif"}, 30, now)
	if err != nil {
		t.Fatal(err)
	}
	var roads, desk Group
	for _, g := range f.Departments {
		switch g.Code {
		case "roads":
			roads = g
		case FrontOffice:
			desk = g
		}
	}
	if roads.Received != 3 || roads.Resolved != 2 || roads.WithinTarget != 1 || roads.Targeted != 2 || roads.Reopened != 1 ||
		roads.Ratings != 1 || roads.AvgRating != 4 || roads.OverdueOpen != 1 || roads.FirstResponse.Count != 2 {
		t.Errorf("roads %+v", roads)
	}
	if desk.Received != 1 || desk.OverdueOpen != 1 {
		t.Errorf("front office %+v", desk)
	}
	if f.Total.Received != 4 || len(f.Services) != 1 || f.Services[0].Received != 4 {
		t.Errorf("total %+v services %+v", f.Total, f.Services)
	}
	if f90, _ := Compute(context.Background(), st, cat, []string{"qatif"}, 90, now); f90.Total.Received != 5 {
		t.Errorf("90 days: %d received, want 5", f90.Total.Received)
	}
}

// The figures are public and hold no personal data; CSV gives both windows;
// a bad window or branch is refused naming the field.
func TestHTTP(t *testing.T) {
	st, cat, now := seed(t)
	mux := http.NewServeMux()
	Mount(mux, st, cat, slog.New(slog.NewTextHandler(io.Discard, nil)))
	get := func(path string) (int, string) {
		t.Helper()
		// The handler's clock is the seed's.
		h := &handler{st: st, cat: cat, log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: func() time.Time { return now }}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		if strings.HasPrefix(path, "/api/") {
			h.figures(rec, req)
		} else {
			mux.ServeHTTP(rec, req)
		}
		return rec.Code, rec.Body.String()
	}
	code, body := get("/api/v1/performance?branch=qatif&days=30")
	var f Figures
	if code != 200 || json.Unmarshal([]byte(body), &f) != nil || f.Total.Received != 4 {
		t.Fatalf("JSON: %d %s", code, body)
	}
	for _, private := range []string{"0501234567", "+966", "pothole", "شكراً", "omar", "QTF-"} {
		if strings.Contains(body, private) {
			t.Errorf("the public figures contain %q", private)
		}
	}
	code, body = get("/api/v1/performance?format=csv")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if code != 200 || !strings.HasPrefix(lines[0], "days,scope,code") || !strings.Contains(body, "\n30,department,roads,") || !strings.Contains(body, "\n90,total,all,") {
		t.Fatalf("CSV: %d\n%s", code, body)
	}
	for _, bad := range []string{"/api/v1/performance?days=0", "/api/v1/performance?days=x", "/api/v1/performance?branch=dammam"} {
		if code, body := get(bad); code != 400 || !strings.Contains(body, `"field"`) {
			t.Errorf("%s: %d %s", bad, code, body)
		}
	}
	if code, _ := get("/performance/qatif"); code != 200 {
		t.Errorf("page: %d", code)
	}
	if code, _ := get("/performance/dammam"); code != 404 {
		t.Errorf("page of an unknown branch: %d", code)
	}
}
