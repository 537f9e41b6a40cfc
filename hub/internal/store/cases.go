package store

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var scriptCase = register("case_act", caseActArgs{})

// MaxCaseText is the longest text a case action takes, in characters (the
// Open311 limit for a description).
const MaxCaseText = 4000

// CloseReasons are the reasons a case may be closed for.
var CloseReasons = []string{"resolved", "no_reply", "duplicate", "withdrawn"}

// noReplyExplanation is words.NoReplyExplanation in one text, Arabic
// first, as a response is stored.
var noReplyExplanation = words.NoReplyExplanation.Ar + "\n" + words.NoReplyExplanation.En

// By is who acts on a case and when: the actor's username (or device id),
// the desk they act from (may be empty), the request's idempotency identity
// (a zero Op is not remembered) and the time. Within confines a department's
// person to the cases their department holds: any other is not found, in
// the same script as the action.
type By struct {
	Actor  string
	Desk   string
	Op     Op
	Now    time.Time
	Within string
}

// caseAction is one run of case_act.lua.
type caseAction struct {
	name   string // the script's action
	text   string
	arg    string   // deadline, department or close reason
	argMS  int64    // the deadline in ms
	fields []string // update: field, value pairs
}

// caseActArgs are case_act.lua's arguments.
type caseActArgs struct {
	Branch string `json:"branch"`
	Number string `json:"number"`
	Action string `json:"action"`
	Actor  string `json:"actor"`
	Desk   string `json:"desk"`
	Now    string `json:"now"`
	NowMS  int64  `json:"now_ms"`
	Text   string `json:"text"`
	Arg    string `json:"arg"`
	ArgMS  int64  `json:"arg_ms"`
	idem
	MaxEvents int      `json:"max_events"`
	Within    string   `json:"within"`
	Fields    []string `json:"fields"`
}

// UpdateCase records what a case is about. Empty fields of change are left
// as they are; change.Case is not read (number names the case). The caller
// has checked the service and category against the catalogue.
func (s *Store) UpdateCase(ctx context.Context, branch, number string, by By, change protocol.UpdateCase) (protocol.Case, error) {
	var fields []string
	var names []string
	add := func(field, value string) {
		if value != "" {
			fields = append(fields, field, value)
			names = append(names, field)
		}
	}
	add("service", change.Service)
	add("category", change.Category)
	description, err := caseText("description", change.Description, false)
	if err != nil {
		return protocol.Case{}, err
	}
	add("description", description)
	if change.Location != nil {
		loc, err := json.Marshal(change.Location)
		if err != nil {
			return protocol.Case{}, fmt.Errorf("update case %s: encode location: %w", number, err)
		}
		add("location", string(loc))
	}
	details, err := detailsJSON(change.Details)
	if err != nil {
		return protocol.Case{}, err
	}
	add("details", details)
	if len(fields) == 0 {
		return protocol.Case{}, refusal(protocol.CodeBadRequest, "nothing_to_update")
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "update", text: strings.Join(names, ", "), fields: fields})
}

// AddNote adds an internal note, never shown to the citizen.
func (s *Store) AddNote(ctx context.Context, branch, number string, by By, text string) (protocol.Case, error) {
	return s.textAction(ctx, branch, number, by, "note", text)
}

// Respond records a response to the citizen.
func (s *Store) Respond(ctx context.Context, branch, number string, by By, text string) (protocol.Case, error) {
	return s.textAction(ctx, branch, number, by, "respond", text)
}

// Resolve records the response text and resolves the case. Without a text it
// fails with response_required.
func (s *Store) Resolve(ctx context.Context, branch, number string, by By, text string) (protocol.Case, error) {
	return s.textAction(ctx, branch, number, by, "resolve", text)
}

// Reopen brings a resolved or closed case back to in_progress, keeping its
// history; text says why.
func (s *Store) Reopen(ctx context.Context, branch, number string, by By, text string) (protocol.Case, error) {
	return s.textAction(ctx, branch, number, by, "reopen", text)
}

// CitizenReply records the citizen's answer, through the online channel:
// a text, photos (media keys, already stored) or both, in one entry. It ends
// a wait for the citizen; on other open cases it keeps the channel open
// without changing the status.
func (s *Store) CitizenReply(ctx context.Context, branch, number, text string, now time.Time, photos ...string) (protocol.Case, error) {
	t, err := caseText("text", text, len(photos) == 0)
	if err != nil {
		return protocol.Case{}, err
	}
	keys, err := photoKeys(photos)
	if err != nil {
		return protocol.Case{}, err
	}
	return s.actOnCase(ctx, branch, number, By{Actor: "citizen", Now: now}, caseAction{name: "citizen_reply", text: t, arg: keys})
}

// AttachPhotos adds the photos of a citizen's report to its case, as a
// "photos" entry, without changing its status. by.Op makes a retry of the
// same report harmless.
func (s *Store) AttachPhotos(ctx context.Context, branch, number string, by By, photos []string) (protocol.Case, error) {
	if len(photos) == 0 {
		return protocol.Case{}, words.NoPhotosToAttach.FieldError("photos")
	}
	keys, err := photoKeys(photos)
	if err != nil {
		return protocol.Case{}, err
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "photos", arg: keys})
}

// photoKeys encodes media keys for case_act.lua: a JSON array, or nothing.
func photoKeys(photos []string) (string, error) {
	if len(photos) == 0 {
		return "", nil
	}
	b, err := json.Marshal(photos)
	if err != nil {
		return "", fmt.Errorf("encode photo keys: %w", err)
	}
	return string(b), nil
}

func (s *Store) textAction(ctx context.Context, branch, number string, by By, action, text string) (protocol.Case, error) {
	// Resolve's missing text is the store's response_required, not a bad
	// request: the script decides.
	t, err := caseText("text", text, action != "resolve")
	if err != nil {
		return protocol.Case{}, err
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: action, text: t})
}

// RequestInfo asks the citizen for something by deadline; the case waits
// for the citizen until they reply or the deadline passes.
func (s *Store) RequestInfo(ctx context.Context, branch, number string, by By, text string, deadline time.Time) (protocol.Case, error) {
	t, err := caseText("text", text, true)
	if err != nil {
		return protocol.Case{}, err
	}
	if !deadline.After(by.Now) {
		e := refusal(protocol.CodeBadRequest, "deadline_in_past")
		e.Field = "deadline"
		return protocol.Case{}, e
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "request_info", text: t, arg: isoTime(deadline), argMS: ms(deadline)})
}

// Refer refers a case to a department (a catalogue code, checked by the
// caller); the case stays owned and tracked, and the department holds it,
// unassigned, until it is returned or finished. The department and text are
// shown to the citizen; a re-referral keeps the earlier ones on the timeline.
func (s *Store) Refer(ctx context.Context, branch, number string, by By, department, text string) (protocol.Case, error) {
	dept, err := caseText("department", department, true)
	if err != nil {
		return protocol.Case{}, err
	}
	if utf8.RuneCountInString(dept) > 100 {
		return protocol.Case{}, words.DepartmentTooLong.FieldError("department")
	}
	t, err := caseText("text", text, false)
	if err != nil {
		return protocol.Case{}, err
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "refer", text: t, arg: dept})
}

// CloseCase closes a case for a reason (CloseReasons). text, when given, is
// recorded as a response first; without it a response must already be on
// record. no_reply needs the case awaiting the citizen past the deadline, and
// records a standard explanation when text is empty.
func (s *Store) CloseCase(ctx context.Context, branch, number string, by By, reason, text string) (protocol.Case, error) {
	if !slices.Contains(CloseReasons, reason) {
		e := refusal(protocol.CodeBadRequest, "bad_close_reason")
		e.Field = "reason"
		return protocol.Case{}, e
	}
	t, err := caseText("text", text, false)
	if err != nil {
		return protocol.Case{}, err
	}
	if reason == "no_reply" && t == "" {
		t = noReplyExplanation
	}
	return s.actOnCase(ctx, branch, number, by, caseAction{name: "close", text: t, arg: reason})
}

// caseText trims a text and checks it: valid UTF-8, at most MaxCaseText
// characters, and not empty when required.
func caseText(field, text string, required bool) (string, error) {
	t := strings.TrimSpace(text)
	switch {
	case !utf8.ValidString(t):
		return "", words.TextNotUTF8.FieldError(field)
	case required && t == "":
		return "", words.FieldRequired.Fill(field).FieldError(field)
	case utf8.RuneCountInString(t) > MaxCaseText:
		return "", words.TextTooLong.Fill(MaxCaseText).FieldError(field)
	}
	return t, nil
}

func (s *Store) actOnCase(ctx context.Context, branch, number string, by By, a caseAction) (protocol.Case, error) {
	if !keyPart(branch) || !keyPart(number) {
		return protocol.Case{}, caseNotFound()
	}
	parts := append([]string{"case", a.name, number, by.Desk, a.text, a.arg}, a.fields...)
	keys := eventKeys(branch).with(caseKeys(branch, number)).with(scriptKeys{"idem": by.Op.key(branch),
		"cases_open": keyOpenCases(branch), "cases_closed": keyClosedCases(branch)})
	args := caseActArgs{Branch: branch, Number: number, Action: a.name, Actor: by.Actor, Desk: by.Desk,
		Now: isoTime(by.Now), NowMS: ms(by.Now), Text: a.text, Arg: a.arg, ArgMS: a.argMS,
		idem: idemOf(by.Op, parts...), MaxEvents: EventsKept, Within: by.Within,
		Fields: append([]string{}, a.fields...)}
	if _, err := s.call(ctx, scriptCase, keys, args); err != nil {
		return protocol.Case{}, fmt.Errorf("%s case %s: %w", a.name, number, err)
	}
	// The reply is the case as it is now: after a retry, that may include
	// later changes.
	return s.Case(ctx, branch, number)
}

func caseNotFound() error {
	return refusal(protocol.CodeNotFound, "unknown_case")
}

// Case reads a case with its whole timeline: the staff view.
func (s *Store) Case(ctx context.Context, branch, number string) (protocol.Case, error) {
	if !keyPart(branch) || !keyPart(number) {
		return protocol.Case{}, caseNotFound()
	}
	var h *redis.MapStringStringCmd
	var tl *redis.StringSliceCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		h = p.HGetAll(ctx, keyCase(branch, number))
		tl = p.LRange(ctx, keyTimeline(branch, number), 0, -1)
		return nil
	})
	if err != nil {
		return protocol.Case{}, fmt.Errorf("read case %s: %w", number, err)
	}
	if len(h.Val()) == 0 {
		return protocol.Case{}, caseNotFound()
	}
	c, err := caseFromHash(h.Val())
	if err != nil {
		return protocol.Case{}, fmt.Errorf("read case %s: %w", number, err)
	}
	c.Timeline = make([]protocol.TimelineEntry, len(tl.Val()))
	for i, raw := range tl.Val() {
		if err := json.Unmarshal([]byte(raw), &c.Timeline[i]); err != nil {
			return protocol.Case{}, fmt.Errorf("read case %s: timeline entry %d: %w", number, i, err)
		}
	}
	if c.Siblings, err = s.siblings(ctx, c); err != nil {
		return protocol.Case{}, err
	}
	return c, nil
}

// CaseByAccess is what a citizen sees with the case number and the access
// code from the receipt: public entries only, staff names left out, the
// phone masked. A wrong code and an unknown case get the same error.
func (s *Store) CaseByAccess(ctx context.Context, branch, number, accessCode string) (protocol.Case, error) {
	c, err := s.Case(ctx, branch, number)
	if err != nil {
		return protocol.Case{}, err
	}
	access, err := s.rdb.HGet(ctx, keyCase(branch, number), "access").Result()
	if err != nil && !isNil(err) {
		return protocol.Case{}, fmt.Errorf("read case %s: %w", number, err)
	}
	code := auth.NormalizeAccessCode(accessCode)
	if access == "" || subtle.ConstantTimeCompare([]byte(code), []byte(access)) != 1 {
		return protocol.Case{}, caseNotFound()
	}
	return publicView(c), nil
}

// publicView removes what only staff may see.
func publicView(c protocol.Case) protocol.Case {
	if c.Phone != "" {
		c.Phone = protocol.MaskPhone(c.Phone)
	}
	c.Assignee = ""
	public := make([]protocol.TimelineEntry, 0, len(c.Timeline))
	for _, e := range c.Timeline {
		if !e.Public {
			continue
		}
		// Usernames are sign-in names: the citizen sees the desk, not who.
		if e.Actor != "citizen" {
			e.Actor = ""
		}
		public = append(public, e)
	}
	c.Timeline = public
	return c
}

// CasesByPhone returns the cases of a mobile number, newest first, without
// their timelines: a returning visitor's cases.
func (s *Store) CasesByPhone(ctx context.Context, branch, phone string) ([]protocol.Case, error) {
	e164, ok := protocol.NormalizePhone(phone)
	if !ok {
		return nil, words.NotSaudiMobile.FieldError("phone")
	}
	numbers, err := s.rdb.SMembers(ctx, keyPhoneCases(branch, e164)).Result()
	if err != nil {
		return nil, fmt.Errorf("cases of a phone: %w", err)
	}
	cases, err := s.caseSummaries(ctx, branch, numbers)
	if err != nil {
		return nil, fmt.Errorf("cases of a phone: %w", err)
	}
	slices.SortFunc(cases, func(a, b protocol.Case) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return cases, nil
}

// OpenCases returns up to limit cases that are neither resolved nor closed,
// oldest first, without their timelines.
func (s *Store) OpenCases(ctx context.Context, branch string, limit int) ([]protocol.Case, error) {
	if limit <= 0 {
		return nil, nil
	}
	numbers, err := s.rdb.ZRange(ctx, keyOpenCases(branch), 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("open cases of %s: %w", branch, err)
	}
	cases, err := s.caseSummaries(ctx, branch, numbers)
	if err != nil {
		return nil, fmt.Errorf("open cases of %s: %w", branch, err)
	}
	return cases, nil
}

// caseSummaries reads cases without their timelines, in the given order.
func (s *Store) caseSummaries(ctx context.Context, branch string, numbers []string) ([]protocol.Case, error) {
	if len(numbers) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	hashes := make([]*redis.MapStringStringCmd, len(numbers))
	for i, n := range numbers {
		hashes[i] = pipe.HGetAll(ctx, keyCase(branch, n))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, err
	}
	cases := make([]protocol.Case, 0, len(numbers))
	for _, h := range hashes {
		if len(h.Val()) == 0 {
			continue
		}
		c, err := caseFromHash(h.Val())
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// caseFromHash reads the case hash (docs/cases.md lists its fields).
func caseFromHash(m map[string]string) (protocol.Case, error) {
	c := protocol.Case{
		Department: m["department"], Assignee: m["assignee"],
		EscalatedFirstResponse: optTime(m["escalated_first_response"]), EscalatedResolution: optTime(m["escalated_resolution"]),
		Number: m["number"], Branch: m["branch"], Service: m["service"], Category: m["category"],
		Status: protocol.CaseStatus(m["status"]), Ticket: m["ticket"], Channel: m["channel"],
		Description: m["description"], Phone: m["phone"], Lang: m["lang"], CloseReason: m["close_reason"],
		FirstReplyAt: optTime(m["first_reply_at"]), InfoDeadline: optTime(m["info_deadline"]),
		ClosedAt: optTime(m["closed_at"]),
	}
	c.CreatedAt, _ = time.Parse(time.RFC3339Nano, m["created_at"])
	c.UpdatedAt, _ = time.Parse(time.RFC3339Nano, m["updated_at"])
	if v := m["location"]; v != "" {
		c.Location = new(protocol.Location)
		if err := json.Unmarshal([]byte(v), c.Location); err != nil {
			return protocol.Case{}, fmt.Errorf("case %s location: %w", c.Number, err)
		}
	}
	if v := m["details"]; v != "" {
		if err := json.Unmarshal([]byte(v), &c.Details); err != nil {
			return protocol.Case{}, fmt.Errorf("case %s details: %w", c.Number, err)
		}
	}
	return c, nil
}

// AccessCode is the code printed on a case's receipt.
func (s *Store) AccessCode(ctx context.Context, branch, number string) (string, error) {
	code, err := s.rdb.HGet(ctx, keyCase(branch, number), "access").Result()
	if isNil(err) {
		return "", caseNotFound()
	}
	if err != nil {
		return "", fmt.Errorf("read access code of %s: %w", number, err)
	}
	return code, nil
}
