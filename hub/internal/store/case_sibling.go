package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var scriptCaseOpenSibling = register("case_open_sibling", siblingArgs{})

func keyVisit(b, ticketID string) string { return branchTag(b) + "visit:" + ticketID }

// Sibling is a further case for the visitor a desk is serving: the same
// ticket, another matter. The caller has checked the service against the
// catalogue; the visitor's mobile number and language come from the
// visit's first case.
type Sibling struct {
	Branch      string
	Ticket      string // the ticket's id
	Service     string
	Category    string
	Description string
	CasePrefix  string
	Year        string // branch-local year, for the case number
	AccessCode  string
	Now         time.Time
	Actor       string // the officer serving the ticket
	Op          Op
}

// siblingArgs are case_open_sibling.lua's arguments.
type siblingArgs struct {
	Branch      string `json:"branch"`
	Prefix      string `json:"prefix"`
	Service     string `json:"service"`
	Category    string `json:"category"`
	Description string `json:"description"`
	Access      string `json:"access"`
	Phone       string `json:"phone"`
	Lang        string `json:"lang"`
	Now         string `json:"now"`
	NowMS       int64  `json:"now_ms"`
	Actor       string `json:"actor"`
	idem
	MaxEvents   int   `json:"max_events"`
	CaseFloor   int   `json:"case_floor"`
	OffsetFloor int64 `json:"offset_floor"`
}

// OpenSibling opens a further case of a visit, and links it to the visit's
// other cases in the same run. A retry with the same Op returns the case
// the first call opened.
func (s *Store) OpenSibling(ctx context.Context, in Sibling) (protocol.ReportedCase, error) {
	if !keyPart(in.Branch) || !keyPart(in.Ticket) {
		return protocol.ReportedCase{}, refusal(protocol.CodeNotFound, "unknown_ticket")
	}
	description, err := caseText("description", in.Description, false)
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	// The visitor's mobile number and language are the visit's first case's;
	// the mobile names a key the script declares.
	first, err := s.rdb.HMGet(ctx, keyTicket(in.Branch, in.Ticket), "case").Result()
	if err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open sibling case: %w", err)
	}
	firstCase, _ := first[0].(string)
	var phone, lang string
	if firstCase != "" && keyPart(firstCase) {
		v, err := s.rdb.HMGet(ctx, keyCase(in.Branch, firstCase), "phone", "lang").Result()
		if err != nil {
			return protocol.ReportedCase{}, fmt.Errorf("open sibling case: %w", err)
		}
		phone, _ = v[0].(string)
		lang, _ = v[1].(string)
	}
	fl := s.marks.floorsOf(in.Branch, "", "", in.Year)
	keys := eventKeys(in.Branch).with(newCaseKeys(in.Branch, in.Year, phone)).with(scriptKeys{
		"idem": in.Op.key(in.Branch), "ticket": keyTicket(in.Branch, in.Ticket), "visit": keyVisit(in.Branch, in.Ticket)})
	v, err := s.call(ctx, scriptCaseOpenSibling, keys, siblingArgs{
		Branch: in.Branch, Prefix: in.CasePrefix + "-" + in.Year + "-",
		Service: in.Service, Category: in.Category, Description: description, Access: in.AccessCode,
		Phone: phone, Lang: lang, Now: isoTime(in.Now), NowMS: ms(in.Now), Actor: in.Actor,
		idem:      idemOf(in.Op, "case.open", in.Ticket, in.Service, description),
		MaxEvents: EventsKept, CaseFloor: fl.cases, OffsetFloor: fl.offset,
	})
	if err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open sibling case: %w", err)
	}
	var out protocol.ReportedCase
	if err := json.Unmarshal([]byte(v.(string)), &out); err != nil {
		return protocol.ReportedCase{}, fmt.Errorf("open sibling case: decode reply: %w", err)
	}
	s.marks.sawCase(in.Branch, out.Case)
	return out, nil
}

// VisitCases lists the case numbers of a visit in opening order, the
// ticket's own case first; a visit with one case has no list and gives nil.
func (s *Store) VisitCases(ctx context.Context, branch, ticketID string) ([]string, error) {
	if !keyPart(branch) || !keyPart(ticketID) {
		return nil, nil
	}
	numbers, err := s.rdb.LRange(ctx, keyVisit(branch, ticketID), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("cases of visit %s: %w", ticketID, err)
	}
	return numbers, nil
}

// siblings are the other cases of c's visit, in opening order, with their
// service and status (never their access codes).
func (s *Store) siblings(ctx context.Context, c protocol.Case) ([]protocol.SiblingCase, error) {
	if c.Ticket == "" {
		return nil, nil
	}
	numbers, err := s.VisitCases(ctx, c.Branch, c.Ticket)
	if err != nil || len(numbers) == 0 {
		return nil, err
	}
	pipe := s.rdb.Pipeline()
	fields := make([]*redis.SliceCmd, len(numbers))
	for i, n := range numbers {
		fields[i] = pipe.HMGet(ctx, keyCase(c.Branch, n), "service", "status")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("siblings of case %s: %w", c.Number, err)
	}
	var out []protocol.SiblingCase
	for i, n := range numbers {
		v := fields[i].Val()
		service, _ := v[0].(string)
		status, _ := v[1].(string)
		if n == c.Number || status == "" {
			continue
		}
		out = append(out, protocol.SiblingCase{Number: n, Service: service, Status: protocol.CaseStatus(status)})
	}
	return out, nil
}
