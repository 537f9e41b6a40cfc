package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptCaseOpen = register("case_open", nil)

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
	args := []any{branchTag(in.Branch), in.Branch, in.CasePrefix + "-" + in.Year + "-", in.Year,
		in.Service, in.Category, in.Channel, in.Phone, in.Lang, in.AccessCode, description, location, details,
		isoTime(in.Now), ms(in.Now), in.Actor}
	args = append(args, idemArgs(in.Branch, in.Op, "report", in.Service, in.Channel, description, location, details, in.Phone)...)
	submitted := ""
	if in.Submitted != nil {
		b, err := json.Marshal(in.Submitted)
		if err != nil {
			return protocol.ReportedCase{}, fmt.Errorf("open case: submitted: %w", err)
		}
		submitted = string(b)
	}
	fl := s.marks.floorsOf(in.Branch, "", "", in.Year)
	args = append(args, EventsKept, submitted, in.Department, fl.cases, fl.offset)
	v, err := s.run(ctx, scriptCaseOpen.lua, []string{keyOffset(in.Branch)}, args...)
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
