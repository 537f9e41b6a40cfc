// Package performance is the municipality's public accountability page,
// /performance/{branch} and /performance (every branch): for the last 30
// and 90 days, per service and per department, what came in, what was
// resolved, how fast, how often within target, how often reopened, the
// citizens' rating and the open cases past their target (docs/office.md).
// It counts; it never shows a case, a name or a mobile number.
package performance

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/escalate"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Windows are the periods the page shows, in days.
var Windows = []int{30, 90}

// FrontOffice is the group of the cases no department held.
const FrontOffice = "front-office"

// Group is the figures of one service or department over a window.
type Group struct {
	Code          string          `json:"code"`
	Name          protocol.Text   `json:"name"`
	Received      int             `json:"received"`
	Resolved      int             `json:"resolved"` // resolved or closed
	FirstResponse stats.Durations `json:"first_response"`
	Resolution    stats.Durations `json:"resolution"`
	// WithinTarget of Targeted: finished cases with a resolution target,
	// finished within it.
	WithinTarget int     `json:"within_target"`
	Targeted     int     `json:"targeted"`
	Reopened     int     `json:"reopened"`
	Ratings      int     `json:"ratings"`
	AvgRating    float64 `json:"avg_rating"` // 0 without ratings
	OverdueOpen  int     `json:"overdue_open"`

	firsts, resolutions []time.Duration
	stars               int
}

// Figures are a window's figures for one branch or all of them.
type Figures struct {
	Branch      string  `json:"branch"` // empty: the whole municipality
	Days        int     `json:"days"`
	From        string  `json:"from"` // RFC 3339, UTC
	To          string  `json:"to"`
	Total       Group   `json:"total"`
	Services    []Group `json:"services"`
	Departments []Group `json:"departments"`
}

// Compute counts the cases opened at the branches in the days before now.
func Compute(ctx context.Context, st *store.Store, cat *catalogue.Catalogue, branches []string, days int, now time.Time) (Figures, error) {
	from := now.Add(-time.Duration(days) * 24 * time.Hour)
	f := Figures{Days: days, From: from.UTC().Format(time.RFC3339), To: now.UTC().Format(time.RFC3339),
		Total: Group{Code: "all", Name: protocol.Text(words.AllOfThem)}}
	if len(branches) == 1 {
		f.Branch = branches[0]
	}
	services, departments := map[string]*Group{}, map[string]*Group{}
	for _, b := range branches {
		cases, err := st.CasesCreated(ctx, b, from, now)
		if err != nil {
			return Figures{}, err
		}
		numbers := make([]string, len(cases))
		for i, c := range cases {
			numbers[i] = c.Number
		}
		timelines, err := st.Timelines(ctx, b, numbers)
		if err != nil {
			return Figures{}, err
		}
		for i, c := range cases {
			c.Timeline = timelines[i]
			dept := c.Department
			if dept == "" {
				dept = FrontOffice
			}
			// What a case counts for is worked out once (the working-hours
			// targets are the costly part) and added to its three groups.
			o := measure(cat, c, now)
			for _, g := range []*Group{&f.Total, group(services, c.Service, serviceName(cat, c.Service)),
				group(departments, dept, departmentName(cat, dept))} {
				g.add(o)
			}
		}
	}
	f.Total.finish()
	f.Services, f.Departments = sorted(services), sorted(departments)
	return f, nil
}

func group(m map[string]*Group, code string, name protocol.Text) *Group {
	g, ok := m[code]
	if !ok {
		g = &Group{Code: code, Name: name}
		m[code] = g
	}
	return g
}

func sorted(m map[string]*Group) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		g.finish()
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Group) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// outcome is what one case counts for in a group's figures.
type outcome struct {
	firstResponse *time.Duration // nil: no response yet
	resolution    *time.Duration // nil: not finished
	targeted      bool           // finished, with a resolution target
	withinTarget  bool
	overdueOpen   bool
	reopened      bool
	stars         []int // the ratings given, 1 to 5
}

func measure(cat *catalogue.Catalogue, c protocol.Case, now time.Time) outcome {
	var o outcome
	if c.FirstReplyAt != nil {
		d := c.FirstReplyAt.Sub(c.CreatedAt)
		o.firstResponse = &d
	}
	finishedAt, finished := store.FinishedAt(c)
	if finished {
		d := finishedAt.Sub(c.CreatedAt)
		o.resolution = &d
		if _, hours := cat.CaseTargets(c.Category, c.Department); hours > 0 {
			o.targeted = true
			due := stats.Source{Catalogue: cat}.WorkingDue(c.Branch, c.CreatedAt, time.Duration(hours)*time.Hour)
			o.withinTarget = !finishedAt.After(due)
		}
	} else {
		o.overdueOpen = len(escalate.Stand(cat, c, now).Overdue) > 0 || c.Department == "" && overdueAtDesk(cat, c, now)
	}
	for _, e := range c.Timeline {
		switch e.Kind {
		case protocol.EntryReopened:
			o.reopened = true
		case store.EntryRated:
			if n, err := strconv.Atoi(strings.SplitN(e.Text, "/", 2)[0]); err == nil && n >= 1 && n <= 5 {
				o.stars = append(o.stars, n)
			}
		}
	}
	return o
}

func (g *Group) add(o outcome) {
	g.Received++
	if o.firstResponse != nil {
		g.firsts = append(g.firsts, *o.firstResponse)
	}
	if o.resolution != nil {
		g.Resolved++
		g.resolutions = append(g.resolutions, *o.resolution)
	}
	if o.targeted {
		g.Targeted++
		if o.withinTarget {
			g.WithinTarget++
		}
	}
	if o.overdueOpen {
		g.OverdueOpen++
	}
	if o.reopened {
		g.Reopened++
	}
	for _, n := range o.stars {
		g.Ratings++
		g.stars += n
	}
}

// overdueAtDesk is a case the front office holds past its category's
// resolution target.
func overdueAtDesk(cat *catalogue.Catalogue, c protocol.Case, now time.Time) bool {
	_, hours := cat.CaseTargets(c.Category, "")
	return hours > 0 && now.After(stats.Source{Catalogue: cat}.WorkingDue(c.Branch, c.CreatedAt, time.Duration(hours)*time.Hour))
}

func (g *Group) finish() {
	g.FirstResponse, g.Resolution = stats.Summarise(g.firsts), stats.Summarise(g.resolutions)
	if g.Ratings > 0 {
		g.AvgRating = float64(g.stars) / float64(g.Ratings)
	}
}

func serviceName(cat *catalogue.Catalogue, code string) protocol.Text {
	if s, ok := cat.Service(code); ok {
		return s.Name
	}
	return protocol.Text{Ar: code, En: code}
}

func departmentName(cat *catalogue.Catalogue, code string) protocol.Text {
	if code == FrontOffice {
		return protocol.Text(words.OneStopDesk)
	}
	if d, ok := cat.Department(code); ok {
		return d.Name
	}
	return protocol.Text{Ar: code, En: code}
}
