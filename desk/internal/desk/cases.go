package desk

import (
	"context"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// CaseForm is what the officer records about a case while serving.
type CaseForm struct {
	Case        string            `json:"case"`
	Service     string            `json:"service"`
	Category    string            `json:"category"`
	Description string            `json:"description"`
	District    string            `json:"district"`
	Street      string            `json:"street"`
	Landmark    string            `json:"landmark"`
	Details     map[string]string `json:"details"` // the service's own fields, by code
}

// Update checks the form against the catalogue and turns it into the hub's
// request: a known service and category, and every required field of the
// service filled in.
func (f CaseForm) Update(cat protocol.Catalogue) (protocol.UpdateCase, error) {
	u := protocol.UpdateCase{Case: f.Case, Service: f.Service, Category: f.Category,
		Description: strings.TrimSpace(f.Description)}
	var svc *protocol.Service
	for i := range cat.Services {
		if cat.Services[i].Code == f.Service {
			svc = &cat.Services[i]
		}
	}
	if svc == nil {
		return u, words.ChooseService.FieldError("service")
	}
	if u.Category == "" {
		u.Category = svc.Category
	}
	if _, ok := category(cat, u.Category); !ok {
		return u, words.ChooseCategory.FieldError("category")
	}
	for _, fld := range svc.Fields {
		v := strings.TrimSpace(f.Details[fld.Code])
		if v == "" && fld.Required {
			return u, words.DetailRequired.Fill(fld.Name.En, fld.Name.Ar).FieldError(fld.Code)
		}
		if v != "" {
			if u.Details == nil {
				u.Details = map[string]string{}
			}
			u.Details[fld.Code] = v
		}
	}
	loc := protocol.Location{District: strings.TrimSpace(f.District), Street: strings.TrimSpace(f.Street), Landmark: strings.TrimSpace(f.Landmark)}
	if loc != (protocol.Location{}) {
		u.Location = &loc
	}
	return u, nil
}

func category(cat protocol.Catalogue, code string) (protocol.Category, bool) {
	for _, c := range cat.Categories {
		if c.Code == code {
			return c, true
		}
	}
	return protocol.Category{}, false
}

// GetCase loads a case with its staff timeline.
func (st *Station) GetCase(ctx context.Context, number string) (protocol.Case, error) {
	var c protocol.Case
	err := st.hub.Do(ctx, protocol.ReqCaseGet, protocol.CaseRequest{Case: number}, &c)
	return c, err
}

// UpdateCase records the form on the case.
func (st *Station) UpdateCase(ctx context.Context, f CaseForm) (protocol.Case, error) {
	var c protocol.Case
	cat, _, _ := st.Catalogue()
	u, err := f.Update(cat)
	if err != nil {
		return c, err
	}
	err = st.do(ctx, protocol.ReqCaseUpdate, u, &c)
	return c, err
}

// CaseAction is one step on a case's timeline.
type CaseAction struct {
	Kind       string    `json:"kind"` // note, respond, request_info, refer, resolve, close, reopen
	Case       string    `json:"case"`
	Text       string    `json:"text"`
	Deadline   time.Time `json:"deadline"`   // request_info
	Department string    `json:"department"` // refer
	Reason     string    `json:"reason"`     // close
}

// Act carries out a case action. Texts the citizen will read are required
// where the hub requires them; the app says so before asking.
func (st *Station) Act(ctx context.Context, a CaseAction) (protocol.Case, error) {
	var c protocol.Case
	text := strings.TrimSpace(a.Text)
	var typ string
	var data any
	switch a.Kind {
	case "note", "respond", "resolve", "reopen":
		if text == "" {
			return c, textRequired(a.Kind)
		}
		typ, data = "case."+a.Kind, protocol.CaseText{Case: a.Case, Text: text}
	case "request_info":
		if text == "" {
			return c, textRequired(a.Kind)
		}
		if !a.Deadline.After(time.Now()) {
			return c, words.Reasons["deadline_in_past"].FieldError("deadline")
		}
		typ, data = protocol.ReqCaseRequest, protocol.RequestInfo{Case: a.Case, Text: text, Deadline: a.Deadline.UTC()}
	case "refer":
		if strings.TrimSpace(a.Department) == "" {
			return c, words.NameDepartment.FieldError("department")
		}
		typ, data = protocol.ReqCaseRefer, protocol.ReferCase{Case: a.Case, Department: strings.TrimSpace(a.Department), Text: text}
	case "close":
		typ, data = protocol.ReqCaseClose, protocol.CloseCase{Case: a.Case, Reason: a.Reason, Text: text}
	default:
		return c, words.Reasons["unknown_case_action"].FieldError("kind")
	}
	err := st.do(ctx, typ, data, &c)
	return c, err
}

func textRequired(kind string) error {
	if kind == "resolve" {
		return words.ResponseBeforeResolving.Error(protocol.CodeResponseRequired)
	}
	return words.WriteTextFirst.FieldError("text")
}

// FindCases finds a returning visitor's earlier cases by case number or
// mobile number, whichever the officer typed; newest first.
func (st *Station) FindCases(ctx context.Context, query string) ([]protocol.Case, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, words.TypeCaseOrMobile.FieldError("query")
	}
	find := protocol.FindCases{Case: query}
	if phone, ok := protocol.NormalizePhone(query); ok {
		find = protocol.FindCases{Phone: phone}
	}
	var cases []protocol.Case
	err := st.hub.Do(ctx, protocol.ReqCaseFind, find, &cases)
	return cases, err
}

// OpenCases lists the branch's open cases, oldest first.
func (st *Station) OpenCases(ctx context.Context) ([]protocol.Case, error) {
	var cases []protocol.Case
	err := st.hub.Do(ctx, protocol.ReqCasesOpen, nil, &cases)
	return cases, err
}
