package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/report"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// runReport writes a branch's report for a range of days (docs/reports.md):
// hub report --branch B --from D --to D --format pdf|csv --out FILE.
func runReport(ctx context.Context, args []string, stdout io.Writer) error {
	var branch, from, to, format, out string
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&branch, "branch", "", "branch id")
		fs.StringVar(&from, "from", "", "first day, YYYY-MM-DD (default: yesterday at the branch)")
		fs.StringVar(&to, "to", "", "last day, included (default: --from)")
		fs.StringVar(&format, "format", "pdf", "pdf or csv")
		fs.StringVar(&out, "out", "", "file to write (default: the standard output)")
	})
	if err != nil {
		return err
	}
	if format != "pdf" && format != "csv" {
		return fmt.Errorf("--format %q: want pdf or csv", format)
	}
	cat, err := catalogue.Load(cfg.Catalogue)
	if err != nil {
		return err
	}
	now := time.Now()
	if from == "" {
		from = cat.Day(branch, now.AddDate(0, 0, -1))
	}
	if to == "" {
		to = from
	}
	var buf bytes.Buffer
	err = adminStore(ctx, cfg, []string{branch}, func(st *store.Store, _ *actions.Actions, _ actions.Actor) error {
		f, err := stats.Source{Store: st, Catalogue: cat}.Range(ctx, branch, from, to, now)
		if err != nil {
			return err
		}
		if format == "csv" {
			return report.CSV(&buf, f)
		}
		r, err := report.NewRenderer(assets.Fonts())
		if err != nil {
			return err
		}
		b, _ := cat.Branch(branch)
		return r.PDF(&buf, report.Document{Municipality: cat.Wire().Municipality, Branch: b.Name,
			Generated: now.In(cat.Location(branch)), Figures: f})
	})
	if err != nil {
		return err
	}
	if out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
