package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptCaseOpen = register("case_open")

// Report is a case opened without a visit. The caller has checked the
// service, phone and location against the catalogue.
type Report struct {
	Branch      string
	Service     string
	Category    string
	Channel     string // online, whatsapp, open311
	Description string
	Location    *protocol.Location
	Phone       string // E.164, or empty
	Lang        string
	CasePrefix  string
	Year        string // branch-local year, for the case number
	AccessCode  string
	Now         time.Time
	Actor       string
	Op          Op
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
	args := []any{branchTag(in.Branch), in.Branch, in.CasePrefix + "-" + in.Year + "-", in.Year,
		in.Service, in.Category, in.Channel, in.Phone, in.Lang, in.AccessCode, description, location,
		isoTime(in.Now), ms(in.Now), in.Actor}
	args = append(args, idemArgs(in.Branch, in.Op, "report", in.Service, in.Channel, description, location, in.Phone)...)
	args = append(args, EventsKept)
	v, err := s.run(ctx, scriptCaseOpen, []string{keyOffset(in.Branch)}, args...)
	if err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open case: %w", err)
	}
	var out protocol.ReportedCase
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open case: decode reply: %w", err)
	}
	return out, nil
}
