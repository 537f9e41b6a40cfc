package cli

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/stats/statstest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// A scheduled job writes the seeded day's report as CSV and as PDF.
func TestReportCommand(t *testing.T) {
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	if err := st.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	statstest.Seed(t, st)

	out, stderr, code := run(t, "report", sample, "--redis-url", srv.URL(), "--branch", "qatif",
		"--from", statstest.Day, "--format", "csv")
	if code != 0 {
		t.Fatalf("report csv: %s", stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
	}
	if got["tickets//issued"] != "6" || got["tickets//served"] != "4" || got["officer/sara/served"] != "3" || got["range/qatif/to"] != statstest.Day {
		t.Errorf("csv: %v", got)
	}

	pdf := filepath.Join(t.TempDir(), "day.pdf")
	if _, stderr, code := run(t, "report", sample, "--redis-url", srv.URL(), "--branch", "qatif",
		"--from", statstest.Day, "--to", statstest.Day, "--out", pdf); code != 0 {
		t.Fatalf("report pdf: %s", stderr)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("pdf: %v %.20q", err, b)
	}

	for _, bad := range [][]string{
		{"--branch", "qatif", "--format", "xls"},
		{"--branch", "nowhere", "--from", statstest.Day},
		{"--branch", "qatif", "--from", "01/03/2026"},
	} {
		if _, stderr, code := run(t, append([]string{"report", sample, "--redis-url", srv.URL()}, bad...)...); code == 0 || stderr == "" {
			t.Errorf("report %v: exit %d, %q", bad, code, stderr)
		}
	}
}
