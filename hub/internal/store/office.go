package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// The back office's indexes (docs/office.md), kept by case_act.lua and
// case_open.lua in the same run as the change: open cases only, scored by
// creation time.
func keyDepartment(b, dept string) string   { return branchTag(b) + "dept:" + dept }
func keyUnassigned(b, dept string) string   { return branchTag(b) + "dept:" + dept + ":unassigned" }
func keyAssigned(b, username string) string { return branchTag(b) + "assigned:" + username }

// Assign gives a case its department holds to one of the department's
// people (checked by the caller); assigning an assigned case reassigns it.
func (s *Store) Assign(ctx context.Context, branch, number string, by By, username string) (protocol.Case, error) {
	if username == "" || !keyPart(username) {
		return protocol.Case{}, protocol.FieldError("assignee", words.Reasons["assignee_required"].En, words.Reasons["assignee_required"].Ar)
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "assign", arg: username})
}

// Unassign puts an assigned case back among its department's unassigned.
func (s *Store) Unassign(ctx context.Context, branch, number string, by By) (protocol.Case, error) {
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "unassign"})
}

// ReturnCase gives a case a department holds back to the front office with
// the department's findings (an internal entry).
func (s *Store) ReturnCase(ctx context.Context, branch, number string, by By, findings string) (protocol.Case, error) {
	t, err := caseText("text", findings, true)
	if err != nil {
		return protocol.Case{}, err
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "return", text: t})
}

// Inbox lists up to limit open cases of a department at a branch, oldest
// first, without their timelines: view is protocol.InboxMine (username's),
// InboxUnassigned, InboxDepartment or InboxAwaiting.
func (s *Store) Inbox(ctx context.Context, branch, department, view, username string, limit int) ([]protocol.Case, error) {
	if !keyPart(branch) || !keyPart(department) || view == protocol.InboxMine && !keyPart(username) || limit <= 0 {
		return nil, nil
	}
	key := keyDepartment(branch, department)
	switch view {
	case protocol.InboxMine:
		key = keyAssigned(branch, username)
	case protocol.InboxUnassigned:
		key = keyUnassigned(branch, department)
	case protocol.InboxDepartment, protocol.InboxAwaiting:
	default:
		return nil, words.UnknownView.Fill(view).FieldError("view")
	}
	numbers, err := s.rdb.ZRange(ctx, key, 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("inbox %s of %s at %s: %w", view, department, branch, err)
	}
	cases, err := s.caseSummaries(ctx, branch, numbers)
	if err != nil {
		return nil, fmt.Errorf("inbox %s of %s at %s: %w", view, department, branch, err)
	}
	if view == protocol.InboxAwaiting {
		cases = slices.DeleteFunc(cases, func(c protocol.Case) bool { return c.Status != protocol.CaseAwaitingCitizen })
	}
	return cases, nil
}

var scriptEscalate = register("case_escalate", escalateArgs{})

// escalateArgs are case_escalate.lua's arguments.
type escalateArgs struct {
	Branch     string `json:"branch"`
	Number     string `json:"number"`
	Target     string `json:"target"`
	Department string `json:"department"`
	Now        string `json:"now"`
	MaxEvents  int    `json:"max_events"`
}

// Targets a case is escalated for when a department holding it misses them.
const (
	TargetFirstResponse = "first_response"
	TargetResolution    = "resolution"
)

// Escalate records, once per case and target, that the department holding
// a case missed a target: an internal "escalated" entry and its event for
// the head's inbox. It reports whether this call recorded it; with several
// hub replicas sweeping, exactly one does.
func (s *Store) Escalate(ctx context.Context, branch, number, department, target string, now time.Time) (bool, error) {
	if !keyPart(branch) || !keyPart(number) {
		return false, caseNotFound()
	}
	v, err := s.call(ctx, scriptEscalate, eventKeys(branch).with(caseKeys(branch, number)), escalateArgs{
		Branch: branch, Number: number, Target: target, Department: department, Now: isoTime(now), MaxEvents: EventsKept})
	if err != nil {
		return false, fmt.Errorf("escalate %s %s: %w", number, target, err)
	}
	return v.(int64) == 1, nil
}

// Inspection is a site visit: what was found, the photos taken (media keys,
// already stored), where the phone was, and whether the citizen sees it.
type Inspection struct {
	Findings string
	Photos   []string
	Location *protocol.Location
	Public   bool
}

// Inspect records a site visit on an open case, as one "inspection" entry
// with its photos and position.
func (s *Store) Inspect(ctx context.Context, branch, number string, by By, in Inspection) (protocol.Case, error) {
	findings, err := caseText("findings", in.Findings, true)
	if err != nil {
		return protocol.Case{}, err
	}
	visit, err := json.Marshal(struct {
		Photos   []string           `json:"photos,omitempty"`
		Location *protocol.Location `json:"location,omitempty"`
		Public   bool               `json:"public"`
	}{in.Photos, in.Location, in.Public})
	if err != nil {
		return protocol.Case{}, fmt.Errorf("inspect %s: %w", number, err)
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "inspect", text: findings, arg: string(visit)})
}
