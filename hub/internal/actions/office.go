package actions

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/escalate"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// The back office (docs/office.md): a department's people work on the cases
// their department holds, in the branches it serves; to them every other
// case does not exist (not_found, never forbidden, so a case number reveals
// nothing). The store's scripts enforce the same confinement (store.By's
// Within) in the run that acts, so a case referred elsewhere meanwhile is
// refused too.

func addOfficeOperations() {
	operations[protocol.ReqCaseAssign] = operation{deciders, (*Actions).caseAssign}
	operations[protocol.ReqCaseUnassign] = operation{deciders, (*Actions).caseUnassign}
	operations[protocol.ReqCaseReturn] = operation{deciders, (*Actions).caseReturn}
	operations[protocol.ReqCasesInbox] = operation{deciders, (*Actions).casesInbox}
	operations[protocol.ReqPeople] = operation{deciders, (*Actions).departmentPeople}
}

// inboxListed bounds each inbox view.
const inboxListed = 200

// caseBranch is the branch whose case p names: a department's person's is
// the case number's (their department may serve several branches), and
// must be one their department serves; everybody else's is their own.
func (a *Actions) caseBranch(p auth.Principal, number string) (string, error) {
	if p.Role != protocol.RoleDepartment {
		return p.Branch, nil
	}
	m := caseNumber.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(number)))
	if m == nil {
		return "", caseNotFound
	}
	b, ok := a.cat.BranchByCasePrefix(m[1])
	if !ok || !a.cat.Serves(p.Department, b.ID) {
		return "", caseNotFound
	}
	return b.ID, nil
}

var caseNotFound = words.UnknownCase.Error(protocol.CodeNotFound)

// visibleCase reads a case p may see, with its timeline.
func (a *Actions) visibleCase(ctx context.Context, p auth.Principal, number string) (string, protocol.Case, error) {
	branch, err := a.caseBranch(p, number)
	if err != nil {
		return "", protocol.Case{}, err
	}
	c, err := a.store.Case(ctx, branch, number)
	if err != nil {
		return "", protocol.Case{}, err
	}
	if p.Role == protocol.RoleDepartment && c.Department != p.Department {
		return "", protocol.Case{}, caseNotFound
	}
	return branch, c, nil
}

// DepartmentCase is a case a department's person may see, with its
// timeline; any other is not found.
func (a *Actions) DepartmentCase(ctx context.Context, p auth.Principal, number string) (protocol.Case, error) {
	_, c, err := a.visibleCase(ctx, p, number)
	return c, err
}

// departmentName is a department's name in both languages for messages.
func (a *Actions) departmentName(code string) protocol.Text {
	if d, ok := a.cat.Department(code); ok {
		return d.Name
	}
	return protocol.Text{Ar: code, En: code}
}

func (a *Actions) caseAssign(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.AssignCase
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("case", in.Case); err != nil {
		return nil, err
	}
	branch, c, err := a.visibleCase(ctx, p, in.Case)
	if err != nil {
		return nil, err
	}
	who := strings.ToLower(strings.TrimSpace(in.Assignee))
	if who == "" {
		if p.Role != protocol.RoleDepartment {
			return nil, words.NameAssignee.FieldError("assignee")
		}
		who = p.ID
	}
	if p.Role == protocol.RoleDepartment && !p.Head && who != p.ID {
		return nil, words.HeadAssignsOthers.Error(protocol.CodeForbidden)
	}
	if c.Department == "" {
		return nil, words.CaseNotWithDepartment.ErrorOn(protocol.CodeInvalidState, "case")
	}
	col, ok, err := a.store.Colleague(ctx, who)
	if err != nil {
		return nil, err
	}
	if !ok || col.Role != protocol.RoleDepartment || col.Department != c.Department {
		name := a.departmentName(c.Department)
		return nil, words.NotDepartmentPerson.Fill(who, name.En, name.Ar).FieldError("assignee")
	}
	by := a.by(p, req)
	by.Within = c.Department // still with that department when the script runs
	return a.store.Assign(ctx, branch, in.Case, by, who)
}

func (a *Actions) caseUnassign(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.CaseRequest
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("case", in.Case); err != nil {
		return nil, err
	}
	branch, c, err := a.visibleCase(ctx, p, in.Case)
	if err != nil {
		return nil, err
	}
	if p.Role == protocol.RoleDepartment && !p.Head && c.Assignee != "" && c.Assignee != p.ID {
		return nil, words.HeadTakesFromOthers.Error(protocol.CodeForbidden)
	}
	by := a.by(p, req)
	by.Within = c.Department
	return a.store.Unassign(ctx, branch, in.Case, by)
}

func (a *Actions) caseReturn(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.CaseText
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("case", in.Case); err != nil {
		return nil, err
	}
	branch, err := a.caseBranch(p, in.Case)
	if err != nil {
		return nil, err
	}
	return a.store.ReturnCase(ctx, branch, in.Case, a.by(p, req), in.Text)
}

// casesInbox lists a department's open cases: a department's person's own
// department in every branch it serves, a manager's or admin's chosen
// department in their branch.
func (a *Actions) casesInbox(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.Inbox
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	dept, branches := in.Department, []string{p.Branch}
	if p.Role == protocol.RoleDepartment {
		dept, branches = p.Department, a.servedBranches(p.Department)
	}
	if err := a.knownDepartment(dept); err != nil {
		return nil, err
	}
	// Due soon and overdue are the department's cases seen against the
	// clock; the store keeps no index of time passing.
	// standing is nil for the views that need no clock: working out a
	// case's standing in working hours is the costly part of a large inbox.
	var standing func(escalate.Standing) bool
	view := in.View
	switch in.View {
	case protocol.InboxDueSoon:
		view, standing = protocol.InboxDepartment, func(s escalate.Standing) bool { return s.DueSoon && len(s.Overdue) == 0 }
	case protocol.InboxOverdue:
		view, standing = protocol.InboxDepartment, func(s escalate.Standing) bool { return len(s.Overdue) > 0 }
	}
	now := a.now()
	out := []protocol.Case{}
	for _, b := range branches {
		cases, err := a.store.Inbox(ctx, b, dept, view, p.ID, inboxListed)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			if standing == nil || standing(escalate.Stand(a.cat, c, now)) {
				out = append(out, c)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y protocol.Case) int { return x.CreatedAt.Compare(y.CreatedAt) })
	return out[:min(len(out), inboxListed)], nil
}

// departmentPeople lists the people of a department: the sender's own, or
// the one a manager or admin names.
func (a *Actions) departmentPeople(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.Inbox
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	dept := in.Department
	if p.Role == protocol.RoleDepartment {
		dept = p.Department
	}
	if err := a.knownDepartment(dept); err != nil {
		return nil, err
	}
	people, err := a.store.DepartmentPeople(ctx, dept)
	if err != nil {
		return nil, err
	}
	out := make([]protocol.Person, len(people))
	for i, c := range people {
		out[i] = protocol.Person{Username: c.Username, Name: c.Name}
	}
	return out, nil
}

func (a *Actions) knownDepartment(dept string) error {
	if _, ok := a.cat.Department(dept); !ok {
		return words.UnknownDepartment.Fill(dept).FieldError("department")
	}
	return nil
}

// servedBranches are the ids of the branches a department serves.
func (a *Actions) servedBranches(dept string) []string {
	var out []string
	for _, b := range a.cat.Wire().Branches {
		if a.cat.Serves(dept, b.ID) {
			out = append(out, b.ID)
		}
	}
	return out
}

// checkDepartment refuses a referral to a department the catalogue does
// not have, or one that does not serve the case's branch.
func (a *Actions) checkDepartment(dept, branch string) error {
	if _, ok := a.cat.Department(dept); !ok {
		return words.ReferToCatalogueDepartment.Fill(dept).FieldError("department")
	}
	if !a.cat.Serves(dept, branch) {
		name := a.departmentName(dept)
		return words.DepartmentNotServing.Fill(name.En, name.Ar).FieldError("department")
	}
	return nil
}

// confined is the department a principal's case actions are confined to.
func confined(p auth.Principal) string {
	if p.Role == protocol.RoleDepartment {
		return p.Department
	}
	return ""
}

// departmentFind is a case search for a department's person: only the
// cases their department holds, in the branches it serves.
func (a *Actions) departmentFind(ctx context.Context, p auth.Principal, in protocol.FindCases) (any, error) {
	out := []protocol.Case{}
	switch {
	case in.Case != "":
		_, c, err := a.visibleCase(ctx, p, strings.ToUpper(strings.TrimSpace(in.Case)))
		var pe *protocol.Error
		if errors.As(err, &pe) && pe.Code == protocol.CodeNotFound {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		c.Timeline = nil
		return append(out, c), nil
	case in.Phone != "":
		for _, b := range a.servedBranches(p.Department) {
			cases, err := a.store.CasesByPhone(ctx, b, in.Phone)
			if err != nil {
				return nil, err
			}
			for _, c := range cases {
				if c.Department == p.Department {
					out = append(out, c)
				}
			}
		}
		slices.SortFunc(out, func(x, y protocol.Case) int { return y.CreatedAt.Compare(x.CreatedAt) })
		return out, nil
	default:
		return nil, words.CaseOrMobile.FieldError("case")
	}
}

// Inspection is a site visit as the inspector sends it: the photos arrive
// over HTTP (hub/internal/citizen's inspection route), never as keys a
// client names, so nobody can put another case's photo on a timeline.
type Inspection struct {
	Case     string
	Findings string
	Location *protocol.Location
	Public   bool
	// RequestID makes a resend harmless (the form's, 1-64 of A-Z a-z 0-9 . _ -).
	RequestID string
}

// CheckInspection refuses, before any photo is stored, an inspection p may
// not record: a role that does not act on cases, a case p may not see, no
// findings, a bad position.
func (a *Actions) CheckInspection(ctx context.Context, p auth.Principal, in Inspection) error {
	if !slices.Contains(caseWorkers, p.Role) {
		return words.InspectorsOnly.Error(protocol.CodeForbidden)
	}
	if in.RequestID != "" && !requestID.MatchString(in.RequestID) {
		return words.BadRequestID.FieldError("request_id")
	}
	if strings.TrimSpace(in.Findings) == "" {
		return words.WriteFindings.FieldError("findings")
	}
	if err := checkLocation(in.Location); err != nil {
		return err
	}
	_, _, err := a.visibleCase(ctx, p, in.Case)
	return err
}

// Inspect records a site visit whose photos are stored already (keys).
func (a *Actions) Inspect(ctx context.Context, p auth.Principal, in Inspection, photos []string) (protocol.Case, error) {
	if err := a.CheckInspection(ctx, p, in); err != nil {
		return protocol.Case{}, err
	}
	branch, err := a.caseBranch(p, in.Case)
	if err != nil {
		return protocol.Case{}, err
	}
	by := a.by(p, protocol.Request{ID: in.RequestID})
	return a.store.Inspect(ctx, branch, in.Case, by, store.Inspection{Findings: in.Findings, Photos: photos, Location: in.Location, Public: in.Public})
}
