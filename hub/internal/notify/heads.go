package notify

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// TemplateCaseOverdue goes to a department head when a case their
// department holds passes a target (docs/office.md).
const TemplateCaseOverdue = "shamil_case_overdue" // {{1}} case number, {{2}} department, {{3}} the target missed

// tellHeads messages the heads of the department holding an escalated case,
// those with a mobile number, once per case, target and head: the escalation
// event is handed to one notifier at a time, and the store's claim keeps a
// notifier taking over a branch from telling a head twice.
func (d *Dispatcher) tellHeads(ctx context.Context, ev protocol.Event) {
	c, err := d.st.Case(ctx, ev.Branch, ev.Case.Number)
	if err != nil {
		d.log.Warn("notify: read escalated case", "case", ev.Case.Number, "error", err)
		return
	}
	var targets []string
	if c.EscalatedFirstResponse != nil {
		targets = append(targets, store.TargetFirstResponse)
	}
	if c.EscalatedResolution != nil {
		targets = append(targets, store.TargetResolution)
	}
	if c.Department == "" || len(targets) == 0 {
		return
	}
	heads, err := d.st.DepartmentHeads(ctx, c.Department)
	if err != nil {
		d.log.Warn("notify: heads of department", "department", c.Department, "error", err)
		return
	}
	dept, _ := d.cat.Department(c.Department)
	for _, h := range heads {
		if h.Mobile == "" {
			continue
		}
		for _, target := range targets {
			ok, err := d.st.ClaimHeadNotice(ctx, ev.Branch, c.Number, target, h.Username)
			if err != nil {
				d.log.Warn("notify: claim head notice", "case", c.Number, "head", h.Username, "error", err)
				continue
			}
			if !ok {
				continue
			}
			// Accounts record no language: heads are written to in Arabic.
			d.enqueue(ctx, Message{Branch: ev.Branch, Case: c.Number, To: h.Mobile, Lang: "ar", Template: TemplateCaseOverdue,
				Params: []string{c.Number, dept.Name.Ar, words.Targets[target].Ar}})
		}
	}
}
