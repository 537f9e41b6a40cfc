package stats

import (
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// CaseFigures are the cases opened in a range and what became of them.
type CaseFigures struct {
	Opened   int `json:"opened"`
	Resolved int `json:"resolved"` // resolved or closed since
	Open     int `json:"open"`
	// Overdue missed their category's resolution target: finished after it,
	// or still open past it.
	Overdue int `json:"overdue"`
	// FirstResponse is from opening to the first response to the citizen,
	// for the cases that have one.
	FirstResponse Durations `json:"first_response"`
	// LateFirstResponse missed the first-response target.
	LateFirstResponse int `json:"late_first_response"`
}

// Targets is where a case stands against its category's service-level
// targets (docs/cases.md), counted in the branch's working hours.
type Targets struct {
	ResolutionDue    *time.Time `json:"resolution_due,omitempty"`
	FirstResponseDue *time.Time `json:"first_response_due,omitempty"`
	Overdue          bool       `json:"overdue"`             // resolution target missed
	LateResponse     bool       `json:"late_first_response"` // first-response target missed
}

func finished(c protocol.Case) bool {
	return c.Status == protocol.CaseResolved || c.Status == protocol.CaseClosed
}

// finishedAt is when a finished case was resolved or closed: a resolved
// case's last change is its resolution.
func finishedAt(c protocol.Case) time.Time {
	if c.ClosedAt != nil {
		return *c.ClosedAt
	}
	return c.UpdatedAt
}

func (src Source) targets(c protocol.Case, now time.Time) Targets {
	var t Targets
	if _, ok := src.Catalogue.Category(c.Category); !ok {
		return t
	}
	// The department holding the case may set its own targets.
	firstResponse, resolution := src.Catalogue.CaseTargets(c.Category, c.Department)
	end := now
	if finished(c) {
		end = finishedAt(c)
	}
	if resolution > 0 {
		due := src.WorkingDue(c.Branch, c.CreatedAt, time.Duration(resolution)*time.Hour)
		t.ResolutionDue, t.Overdue = &due, end.After(due)
	}
	if firstResponse > 0 {
		due := src.WorkingDue(c.Branch, c.CreatedAt, time.Duration(firstResponse)*time.Hour)
		reply := now
		if c.FirstReplyAt != nil {
			reply = *c.FirstReplyAt
		}
		t.FirstResponseDue, t.LateResponse = &due, reply.After(due)
	}
	return t
}

// ResolutionDue is when a case's category targets its resolution, in
// working hours from its opening; nil when the category sets no target.
func (src Source) ResolutionDue(c protocol.Case) *time.Time {
	return src.targets(c, c.CreatedAt).ResolutionDue
}

func (src Source) caseFigures(cases []protocol.Case, now time.Time) CaseFigures {
	f := CaseFigures{Opened: len(cases)}
	var firsts []time.Duration
	for _, c := range cases {
		if finished(c) {
			f.Resolved++
		} else {
			f.Open++
		}
		t := src.targets(c, now)
		if t.Overdue {
			f.Overdue++
		}
		if t.LateResponse {
			f.LateFirstResponse++
		}
		if c.FirstReplyAt != nil {
			firsts = append(firsts, c.FirstReplyAt.Sub(c.CreatedAt))
		}
	}
	f.FirstResponse = Summarise(firsts)
	return f
}
