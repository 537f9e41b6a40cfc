// Package escalate watches the cases departments hold against their
// targets (docs/office.md): a case past 75% of a target is due soon; one
// past it is overdue and escalated once per case and target, its head told
// on their inbox. Every hub replica runs an escalator; the store's
// case_escalate script makes the first one to find a case overdue the only
// one to record it.
package escalate

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// DueSoonShare is the share of a target after which a case is due soon.
const DueSoonShare = 0.75

// sweepEvery is how often an escalator looks: targets are in hours, a
// minute late is nothing.
const sweepEvery = time.Minute

// maxSwept bounds the cases of one department and branch read per sweep.
const maxSwept = 100_000

// Standing is where an open case a department holds stands against the
// department's targets, in the branch's working hours.
type Standing struct {
	FirstResponseDue *time.Time `json:"first_response_due,omitempty"`
	ResolutionDue    *time.Time `json:"resolution_due,omitempty"`
	DueSoon          bool       `json:"due_soon"` // past 75% of a target not yet met
	// Overdue names the targets passed and not met; OverdueSince is when
	// the first of them fell due.
	Overdue      []string   `json:"overdue,omitempty"`
	OverdueSince *time.Time `json:"overdue_since,omitempty"`
}

// Stand computes a case's standing at now. A finished case, or one no
// department holds, has none.
func Stand(cat *catalogue.Catalogue, c protocol.Case, now time.Time) Standing {
	var s Standing
	if c.Department == "" || c.Status == protocol.CaseResolved || c.Status == protocol.CaseClosed {
		return s
	}
	src := stats.Source{Catalogue: cat}
	firstResponse, resolution := cat.CaseTargets(c.Category, c.Department)
	check := func(target string, hours int, met bool) *time.Time {
		if hours <= 0 {
			return nil
		}
		working := time.Duration(hours) * time.Hour
		due := src.WorkingDue(c.Branch, c.CreatedAt, working)
		if met {
			return &due
		}
		if now.After(due) {
			s.Overdue = append(s.Overdue, target)
			if s.OverdueSince == nil || due.Before(*s.OverdueSince) {
				s.OverdueSince = &due
			}
		} else if soon := src.WorkingDue(c.Branch, c.CreatedAt, time.Duration(float64(working)*DueSoonShare)); now.After(soon) {
			s.DueSoon = true
		}
		return &due
	}
	s.FirstResponseDue = check(store.TargetFirstResponse, firstResponse, c.FirstReplyAt != nil)
	s.ResolutionDue = check(store.TargetResolution, resolution, false)
	return s
}

// Escalator sweeps every department's cases at every branch it serves.
type Escalator struct {
	Store *store.Store
	Cat   *catalogue.Catalogue
	Log   *slog.Logger
}

// Start sweeps at once and then every minute until ctx ends or stop is
// called; stop waits for a sweep under way.
func Start(ctx context.Context, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) (stop func()) {
	e := &Escalator{Store: st, Cat: cat, Log: log}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(sweepEvery)
		defer tick.Stop()
		for {
			if _, err := e.Sweep(ctx, time.Now()); err != nil && ctx.Err() == nil {
				log.Error("escalation sweep", "error", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

// Sweep escalates every overdue case not escalated yet for that target and
// returns how many escalations this call recorded.
func (e *Escalator) Sweep(ctx context.Context, now time.Time) (int, error) {
	recorded := 0
	wire := e.Cat.Wire()
	for _, b := range wire.Branches {
		for _, d := range wire.Departments {
			if !e.Cat.Serves(d.Code, b.ID) {
				continue
			}
			cases, err := e.Store.Inbox(ctx, b.ID, d.Code, protocol.InboxDepartment, "", maxSwept)
			if err != nil {
				return recorded, err
			}
			for _, c := range cases {
				for _, target := range Stand(e.Cat, c, now).Overdue {
					if escalated(c, target) {
						continue
					}
					ok, err := e.Store.Escalate(ctx, b.ID, c.Number, d.Code, target, now)
					if err != nil {
						return recorded, err
					}
					if ok {
						recorded++
						e.Log.Info("case escalated", "case", c.Number, "department", d.Code, "target", target)
					}
				}
			}
		}
	}
	return recorded, nil
}

// Departments counts, for each department serving branch, the open cases
// it holds there and how many are due soon or overdue at now: the
// managers' dashboard's figures (docs/dashboard.md).
func Departments(ctx context.Context, st *store.Store, cat *catalogue.Catalogue, branch string, now time.Time) ([]stats.DepartmentLive, error) {
	out := []stats.DepartmentLive{}
	for _, d := range cat.Wire().Departments {
		if !cat.Serves(d.Code, branch) {
			continue
		}
		cases, err := st.Inbox(ctx, branch, d.Code, protocol.InboxDepartment, "", maxSwept)
		if err != nil {
			return nil, err
		}
		f := stats.DepartmentLive{Code: d.Code, Name: d.Name, Open: len(cases)}
		for _, c := range cases {
			switch s := Stand(cat, c, now); {
			case len(s.Overdue) > 0:
				f.Overdue++
			case s.DueSoon:
				f.DueSoon++
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// escalated reports whether a case's escalation for target is on record
// already (the script checks again, atomically; this saves the call).
func escalated(c protocol.Case, target string) bool {
	if target == store.TargetFirstResponse {
		return c.EscalatedFirstResponse != nil
	}
	return c.EscalatedResolution != nil
}
