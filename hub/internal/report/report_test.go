package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/report"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/stats/statstest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// seededFigures are the figures of statstest's day, read back from a real store.
func seededFigures(t *testing.T) (stats.Figures, *catalogue.Catalogue) {
	t.Helper()
	cat, err := catalogue.Load(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(redistest.Start(t).Client())
	if err := st.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	statstest.Seed(t, st)
	f, err := stats.Source{Store: st, Catalogue: cat}.Range(context.Background(), "qatif", statstest.Day, statstest.Day, statstest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return f, cat
}

func TestCSVTotals(t *testing.T) {
	f, _ := seededFigures(t)
	var buf bytes.Buffer
	if err := report.CSV(&buf, f); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
	}
	for key, want := range map[string]string{
		"range/qatif/from": "2026-03-01", "tickets//issued": "6", "tickets//served": "4",
		"tickets//no_shows": "1", "tickets//cancelled": "1", "tickets//wait_avg_seconds": "924",
		"tickets//wait_p90_seconds": "2400", "tickets//service_p50_seconds": "600",
		"hour/08/arrivals": "3", "hour/08/completions": "2", "hour/10/completions": "1",
		"service/road-defect/tickets": "4", "service/building-permit/served": "1",
		"officer/sara/served": "3", "officer/omar/no_shows": "1", "officer/sara/service_avg_seconds": "920",
		"cases//opened": "6", "cases//resolved": "2", "cases//overdue": "3",
		"cases//late_first_response": "4", "cases//first_response_avg_seconds": "1860",
		// The seeded day has no appointments: every wait is a walk-in's.
		"appointments//booked": "0", "appointments//arrived": "0", "appointments//no_shows": "0",
		"appointments//wait_count": "0", "appointments//walk_in_wait_avg_seconds": "924",
	} {
		if got[key] != want {
			t.Errorf("%s = %q, want %q", key, got[key], want)
		}
	}
	if _, ok := got["hour/07/arrivals"]; ok {
		t.Error("an empty hour is listed")
	}
}

func TestPDFTotals(t *testing.T) {
	f, cat := seededFigures(t)
	r, err := report.NewRenderer(assets.Fonts())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cat.Branch("qatif")
	var buf bytes.Buffer
	if err := r.PDF(&buf, report.Document{Municipality: cat.Wire().Municipality, Branch: b.Name,
		Generated: statstest.Now, Figures: f}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := norm.NFKC.String(string(out))
	for _, want := range []string{
		`Tickets\s+6\b`, `Served\s+4\b`, `No-shows\s+1\b`, `Cancelled\s+1\b`,
		`Average wait\s+15:24`, `90th percentile wait\s+40:00`, `Average service time\s+16:30`,
		`Cases opened\s+6\b`, `Cases resolved\s+2\b`, `Cases overdue\s+3\b`, `Late first responses\s+4\b`,
		`Pothole or road damage\s+4\s+3\s+1\s+15:30\s+12:00`, `sara\s+3\s+0\s+15:20`, `omar\s+1\s+1\s+20:00`,
		`Appointments booked\s+0\b`, `Appointments missed\s+0\b`, `Average wait without one\s+15:24`,
		`08:00\s+3\s+2`, `09:00\s+2\s+1`, `10:00\s+1\s+1`, `2026-03-01`,
		// Arabic is drawn shaped (presentation forms); NFKC reads it back.
		"التذاكر", "الملخص", "حسب الموظف",
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("the PDF has no %q:\n%s", want, text)
		}
	}
	if os.Getenv("REPORT_PDF") != "" {
		os.WriteFile(os.Getenv("REPORT_PDF"), buf.Bytes(), 0o644)
	}
}
