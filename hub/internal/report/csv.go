// Package report writes a branch's figures over a range of days
// (stats.Figures) as CSV and as an Arabic and English PDF. docs/reports.md
// describes both.
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/shamil-municipal/shamil/hub/internal/stats"
)

// CSV writes the figures in long form, one figure a row: section, item
// (a service, an officer or an hour; empty for the branch), metric, value.
// Durations are in seconds. A spreadsheet pivots it as it likes.
func CSV(w io.Writer, f stats.Figures) error {
	out := csv.NewWriter(w)
	row := func(section, item, metric string, value any) {
		out.Write([]string{section, item, metric, fmt.Sprint(value)})
	}
	durations := func(section, item, what string, d stats.Durations) {
		row(section, item, what+"_count", d.Count)
		row(section, item, what+"_avg_seconds", d.Avg)
		row(section, item, what+"_p50_seconds", d.P50)
		row(section, item, what+"_p90_seconds", d.P90)
	}
	out.Write([]string{"section", "item", "metric", "value"})
	row("range", f.Branch, "from", f.From)
	row("range", f.Branch, "to", f.To)
	row("tickets", "", "issued", f.Tickets)
	row("tickets", "", "served", f.Served)
	row("tickets", "", "no_shows", f.NoShows)
	row("tickets", "", "cancelled", f.Cancelled)
	row("tickets", "", "expired", f.Expired)
	durations("tickets", "", "wait", f.Wait)
	durations("tickets", "", "service", f.Service)
	for h, hour := range f.Hours {
		if hour != (stats.Hour{}) {
			item := fmt.Sprintf("%02d", h)
			row("hour", item, "arrivals", hour.Arrivals)
			row("hour", item, "completions", hour.Completions)
		}
	}
	for _, s := range f.Services {
		row("service", s.Code, "tickets", s.Tickets)
		row("service", s.Code, "served", s.Served)
		row("service", s.Code, "no_shows", s.NoShows)
		durations("service", s.Code, "wait", s.Wait)
		durations("service", s.Code, "service", s.Service)
	}
	for _, o := range f.Officers {
		row("officer", o.Officer, "served", o.Served)
		row("officer", o.Officer, "no_shows", o.NoShows)
		durations("officer", o.Officer, "service", o.Service)
	}
	c := f.Cases
	row("cases", "", "opened", c.Opened)
	row("cases", "", "resolved", c.Resolved)
	row("cases", "", "open", c.Open)
	row("cases", "", "overdue", c.Overdue)
	row("cases", "", "late_first_response", c.LateFirstResponse)
	durations("cases", "", "first_response", c.FirstResponse)
	a := f.Appointments
	row("appointments", "", "booked", a.Booked)
	row("appointments", "", "arrived", a.Arrived)
	row("appointments", "", "no_shows", a.NoShows)
	durations("appointments", "", "wait", a.Wait)
	durations("appointments", "", "walk_in_wait", a.WalkInWait)
	out.Flush()
	if err := out.Error(); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	return nil
}

// clock shows seconds as h:mm:ss or m:ss.
func clock(seconds int) string {
	if seconds >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", seconds/3600, seconds/60%60, seconds%60)
	}
	return strconv.Itoa(seconds/60) + fmt.Sprintf(":%02d", seconds%60)
}

// FileName is the report's download name, e.g. shamil-qatif-2026-03-01-2026-03-31.pdf.
func FileName(f stats.Figures, ext string) string {
	return "shamil-" + f.Branch + "-" + f.From + "-" + f.To + "." + ext
}
