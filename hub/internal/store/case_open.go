package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptCaseOpen = register("case_open", caseOpenArgs{})

// caseOpenArgs are case_open.lua's arguments.
type caseOpenArgs struct {
	Branch      string `json:"branch"`
	Prefix      string `json:"prefix"`
	Service     string `json:"service"`
	Category    string `json:"category"`
	Channel     string `json:"channel"`
	Phone       string `json:"phone"`
	Lang        string `json:"lang"`
	Access      string `json:"access"`
	Description string `json:"description"`
	Location    string `json:"location"`
	Details     string `json:"details"`
	Now         string `json:"now"`
	NowMS       int64  `json:"now_ms"`
	Actor       string `json:"actor"`
	idem
	MaxEvents   int    `json:"max_events"`
	Submitted   string `json:"submitted"`
	Department  string `json:"department"`
	CaseFloor   int    `json:"case_floor"`
	OffsetFloor int64  `json:"offset_floor"`
}

// Report is a case opened without a visit. The caller has checked the
// service, phone and location against the catalogue.
type Report struct {
	Branch      string
	Service     string
	Category    string
	Channel     string // online, whatsapp, open311
	Description string
	Location    *protocol.Location
	Details     map[string]string // the service's own fields, checked against the catalogue
	Submitted   *Submitted        // what an Open311 requester sent, or nil
	Phone       string            // E.164, or empty
	Lang        string
	CasePrefix  string
	Year        string // branch-local year, for the case number
	AccessCode  string
	Now         time.Time
	Actor       string
	Op          Op
	// Department is where the report goes at once (the service's, or
	// triage); empty leaves it with the desks.
	Department string
}

// OpenCase opens a reported case. A retry with the same Op returns the case
// the first call opened.
func (s *Store) OpenCase(ctx context.Context, in Report) (protocol.ReportedCase, error) {
	description, err := caseText("description", in.Description, true)
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	location := ""
	if in.Location != nil {
		b, err := json.Marshal(in.Location)
		if err != nil {
			return protocol.ReportedCase{}, fmt.Errorf("open case: location: %w", err)
		}
		location = string(b)
	}
	details, err := detailsJSON(in.Details)
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	submitted := ""
	if in.Submitted != nil {
		b, err := json.Marshal(in.Submitted)
		if err != nil {
			return protocol.ReportedCase{}, fmt.Errorf("open case: submitted: %w", err)
		}
		submitted = string(b)
	}
	fl := s.marks.floorsOf(in.Branch, "", "", in.Year)
	b := in.Branch
	keys := eventKeys(b).with(newCaseKeys(b, in.Year, in.Phone)).with(scriptKeys{"idem": in.Op.key(b),
		"department": keyDepartment(b, in.Department), "unassigned": keyUnassigned(b, in.Department)})
	v, err := s.call(ctx, scriptCaseOpen, keys, caseOpenArgs{
		Branch: b, Prefix: in.CasePrefix + "-" + in.Year + "-", Service: in.Service, Category: in.Category,
		Channel: in.Channel, Phone: in.Phone, Lang: in.Lang, Access: in.AccessCode, Description: description,
		Location: location, Details: details, Now: isoTime(in.Now), NowMS: ms(in.Now), Actor: in.Actor,
		idem:      idemOf(in.Op, "report", in.Service, in.Channel, description, location, details, in.Phone),
		MaxEvents: EventsKept, Submitted: submitted, Department: in.Department,
		CaseFloor: fl.cases, OffsetFloor: fl.offset,
	})
	if err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open case: %w", err)
	}
	var out protocol.ReportedCase
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open case: decode reply: %w", err)
	}
	s.marks.sawCase(in.Branch, out.Case)
	return out, nil
}

// detailsJSON checks a case's details and encodes them for the case hash;
// no details is "".
func detailsJSON(details map[string]string) (string, error) {
	if len(details) == 0 {
		return "", nil
	}
	for k, v := range details {
		if _, err := caseText("details."+k, v, false); err != nil {
			return "", err
		}
	}
	b, err := json.Marshal(details)
	if err != nil {
		return "", fmt.Errorf("encode details: %w", err)
	}
	return string(b), nil
}
