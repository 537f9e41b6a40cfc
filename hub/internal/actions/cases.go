package actions

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

func addCaseOperations() {
	operations[protocol.ReqCaseGet] = operation{caseReaders, (*Actions).caseGet}
	operations[protocol.ReqCaseUpdate] = operation{caseWorkers, (*Actions).caseUpdate}
	for typ, act := range map[string]func(*store.Store, context.Context, string, string, store.By, string) (protocol.Case, error){
		protocol.ReqCaseNote:    (*store.Store).AddNote,
		protocol.ReqCaseRespond: (*store.Store).Respond,
		protocol.ReqCaseResolve: (*store.Store).Resolve,
		protocol.ReqCaseReopen:  (*store.Store).Reopen,
	} {
		operations[typ] = operation{caseWorkers, caseTextAction(act)}
	}
	operations[protocol.ReqCaseRequest] = operation{caseWorkers, (*Actions).caseRequestInfo}
	operations[protocol.ReqCaseRefer] = operation{caseWorkers, (*Actions).caseRefer}
	operations[protocol.ReqCaseClose] = operation{caseWorkers, (*Actions).caseClose}
	operations[protocol.ReqCaseFind] = operation{caseReaders, (*Actions).caseFind}
	operations[protocol.ReqCasesOpen] = operation{staff, (*Actions).casesOpen}
	operations[protocol.ReqCaseOpen] = operation{officers, (*Actions).openSibling}
}

// openCasesListed bounds the open-cases list a desk or dashboard receives.
const openCasesListed = 200

// caseFind finds a returning visitor's cases by case number or mobile number.
func (a *Actions) caseFind(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.FindCases
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if p.Role == protocol.RoleDepartment {
		return a.departmentFind(ctx, p, in)
	}
	switch {
	case in.Case != "":
		c, err := a.store.Case(ctx, p.Branch, strings.ToUpper(strings.TrimSpace(in.Case)))
		var pe *protocol.Error
		if errors.As(err, &pe) && pe.Code == protocol.CodeNotFound {
			return []protocol.Case{}, nil
		}
		if err != nil {
			return nil, err
		}
		c.Timeline = nil
		return []protocol.Case{c}, nil
	case in.Phone != "":
		cases, err := a.store.CasesByPhone(ctx, p.Branch, in.Phone)
		if cases == nil && err == nil {
			cases = []protocol.Case{}
		}
		return cases, err
	default:
		return nil, words.CaseOrMobile.FieldError("case")
	}
}

// casesOpen lists the branch's open cases, oldest first.
func (a *Actions) casesOpen(ctx context.Context, p auth.Principal, _ protocol.Request) (any, error) {
	cases, err := a.store.OpenCases(ctx, p.Branch, openCasesListed)
	if cases == nil && err == nil {
		cases = []protocol.Case{}
	}
	return cases, err
}

// by is who acts on a case, for the store.
func (a *Actions) by(p auth.Principal, req protocol.Request) store.By {
	return store.By{Actor: p.ID, Op: op(p, req), Now: a.now(), Within: confined(p)}
}

func (a *Actions) caseGet(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.CaseRequest
	if err := decode(req, &in); err != nil {
		return nil, err
	}
	if err := required("case", in.Case); err != nil {
		return nil, err
	}
	_, c, err := a.visibleCase(ctx, p, in.Case)
	return c, err
}

func (a *Actions) caseUpdate(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.UpdateCase
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
	service := in.Service
	if service == "" && len(in.Details) > 0 {
		_, c, err := a.visibleCase(ctx, p, in.Case)
		if err != nil {
			return nil, err
		}
		service = c.Service
	}
	if err := a.checkCaseChange(in, service); err != nil {
		return nil, err
	}
	return a.store.UpdateCase(ctx, branch, in.Case, a.by(p, req), in)
}

// checkCaseChange checks a case update against the catalogue: the service
// and category exist, and the details are fields of the service.
func (a *Actions) checkCaseChange(in protocol.UpdateCase, serviceCode string) error {
	if in.Category != "" {
		if _, ok := a.cat.Category(in.Category); !ok {
			return words.UnknownCategory.Fill(in.Category).ErrorOn(protocol.CodeNotFound, "category")
		}
	}
	service, ok := a.cat.Service(serviceCode)
	if in.Service != "" && !ok {
		return words.UnknownService.Fill(in.Service).ErrorOn(protocol.CodeNotFound, "service")
	}
	for code, value := range in.Details {
		known := false
		for _, f := range service.Fields {
			known = known || f.Code == code
		}
		if !known {
			return words.NoSuchDetail.Fill(serviceCode, code).FieldError("details." + code)
		}
		if len([]rune(value)) > 500 {
			return words.DetailTooLong.FieldError("details." + code)
		}
	}
	return checkLocation(in.Location)
}

// checkLocation accepts no location, or one whose coordinates come as a
// pair of degrees.
func checkLocation(l *protocol.Location) error {
	if l != nil && ((l.Lat == nil) != (l.Lng == nil) || l.Lat != nil && (*l.Lat < -90 || *l.Lat > 90 || *l.Lng < -180 || *l.Lng > 180)) {
		return words.BothCoordinates.FieldError("location")
	}
	return nil
}

// caseTextAction is a case action whose data is a case number and a text.
func caseTextAction(act func(*store.Store, context.Context, string, string, store.By, string) (protocol.Case, error)) func(*Actions, context.Context, auth.Principal, protocol.Request) (any, error) {
	return func(a *Actions, ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
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
		return act(a.store, ctx, branch, in.Case, a.by(p, req), in.Text)
	}
}

// MaxInfoDeadline is the furthest a request for information may set the
// citizen's deadline: a case cannot be parked for years waiting for them.
const MaxInfoDeadline = 30 * 24 * time.Hour

var errDeadlineTooFar = words.DeadlineTooFar.FieldError("deadline")

func (a *Actions) caseRequestInfo(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.RequestInfo
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
	by := a.by(p, req)
	if in.Deadline.After(by.Now.Add(MaxInfoDeadline)) {
		return nil, errDeadlineTooFar
	}
	return a.store.RequestInfo(ctx, branch, in.Case, by, in.Text, in.Deadline)
}

func (a *Actions) caseRefer(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.ReferCase
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
	if err := required("department", in.Department); err != nil {
		return nil, err
	}
	if err := a.checkDepartment(in.Department, branch); err != nil {
		return nil, err
	}
	return a.store.Refer(ctx, branch, in.Case, a.by(p, req), in.Department, in.Text)
}

func (a *Actions) caseClose(ctx context.Context, p auth.Principal, req protocol.Request) (any, error) {
	var in protocol.CloseCase
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
	return a.store.CloseCase(ctx, branch, in.Case, a.by(p, req), in.Reason, in.Text)
}

// caseNumber is the shape of a case number: PREFIX-YEAR-NUMBER.
var caseNumber = regexp.MustCompile(`^([A-Z]{2,5})-\d{4}-\d{6,}$`)

var errNoSuchCase = words.NoSuchCase.Error(protocol.CodeNotFound)

// PublicCase is what anyone holding a case's number and access code sees.
// Every failure, whatever its cause, gets the same answer.
func (a *Actions) PublicCase(ctx context.Context, number, code string) (protocol.Case, error) {
	number = strings.ToUpper(strings.TrimSpace(number))
	m := caseNumber.FindStringSubmatch(number)
	if m == nil {
		return protocol.Case{}, errNoSuchCase
	}
	branch, ok := a.cat.BranchByCasePrefix(m[1])
	if !ok {
		return protocol.Case{}, errNoSuchCase
	}
	c, err := a.store.CaseByAccess(ctx, branch.ID, number, code)
	if err != nil {
		var pe *protocol.Error
		if errors.As(err, &pe) {
			return protocol.Case{}, errNoSuchCase
		}
		return protocol.Case{}, err
	}
	return c, nil
}
