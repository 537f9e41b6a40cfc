package catalogue

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// maxPriorityCredit bounds priority_credit_minutes: more would let the
// priority lane starve the ordinary one for most of a morning.
const maxPriorityCredit = 120

// maxRemoteTickets bounds remote_tickets_per_phone: a family's few tickets,
// not a tout's stock of places to sell.
const maxRemoteTickets = 5

// Bounds of the recall rules: beyond them a desk would stall.
const (
	maxRecallDelay = 600
	maxNoShowCalls = 10
	maxWaitAlert   = 240
)

// maxTurnNear bounds turn_near_ahead: told with more ahead, a visitor would
// come back long before their turn. maxReopenDays bounds reopen_days: a
// year.
const (
	maxTurnNear   = 20
	maxReopenDays = 366
)

// idFormat is the form of every id and code. They become parts of Redis keys
// and case numbers, so braces, colons and spaces are out.
var idFormat = textFormat{regexp.MustCompile(`^[a-z0-9-]{1,32}$`), "1 to 32 characters from a-z, 0-9 and -"}

// casePrefixFormat is the form of a branch's case-number prefix.
var casePrefixFormat = textFormat{regexp.MustCompile(`^[A-Z]{2,5}$`), "2 to 5 capital letters A-Z"}

// fieldKinds are the kinds of detail a service can ask for.
var fieldKinds = map[string]bool{"text": true, "number": true, "date": true, "choice": true}

// textFormat is a pattern with the words that explain it to a person.
type textFormat struct {
	pattern *regexp.Regexp
	rule    string
}

// checker checks a decoded catalogue, taking the line of each problem from
// the YAML node it came from.
type checker struct {
	problems
}

func (c *checker) fail(n *yaml.Node, format string, args ...any) {
	c.add(n.Line, format, args...)
}

func (c *checker) catalogue(cat *protocol.Catalogue, root *yaml.Node) {
	c.text(at(root, "municipality"), "municipality", cat.Municipality)
	c.branches(cat.Branches, at(root, "branches"))
	categories := c.categories(cat.Categories, at(root, "categories"))
	departments := c.departments(cat.Departments, at(root, "departments"), cat.Branches)
	c.services(cat.Services, at(root, "services"), categories, departments)
}

// departments checks the departments and returns the set of their codes.
// When there are departments, "triage" must be one of them: it receives
// the reports of services that name no department.
func (c *checker) departments(departments []protocol.Department, n *yaml.Node, branches []protocol.Branch) map[string]int {
	codes := map[string]int{}
	for i, d := range departments {
		dn := at(n, i)
		owner := describe("department", d.Code, i)
		c.unique(dn, owner, "code", d.Code, idFormat, codes)
		c.text(at(dn, "name"), owner+": name", d.Name)
		for j, b := range d.Branches {
			if !slices.ContainsFunc(branches, func(def protocol.Branch) bool { return def.ID == b }) {
				c.fail(at(dn, "branches", j), "%s: branch %q is not defined", owner, b)
			}
		}
		if d.FirstResponseHours < 0 {
			c.fail(at(dn, "first_response_hours"), "%s: first_response_hours must not be negative", owner)
		}
		if d.ResolutionHours < 0 {
			c.fail(at(dn, "resolution_hours"), "%s: resolution_hours must not be negative", owner)
		}
	}
	if _, ok := codes[TriageDepartment]; len(departments) > 0 && !ok {
		c.fail(n, "departments: a department with code %q is required (it receives reports of services without a department)", TriageDepartment)
	}
	return codes
}

func (c *checker) branches(branches []protocol.Branch, n *yaml.Node) {
	if len(branches) == 0 {
		c.fail(n, "at least one branch is required")
	}
	ids := map[string]int{}
	prefixes := map[string]int{}
	for i, b := range branches {
		bn := at(n, i)
		owner := describe("branch", b.ID, i)
		c.unique(bn, owner, "id", b.ID, idFormat, ids)
		c.text(at(bn, "name"), owner+": name", b.Name)
		c.unique(bn, owner, "case_prefix", b.CasePrefix, casePrefixFormat, prefixes)
		c.timeZone(at(bn, "time_zone"), owner, b.TimeZone)
		c.hours(at(bn, "hours"), owner, b.Hours)
		c.desks(at(bn, "desks"), owner, b.Desks)
		c.within(bn, owner, "priority_credit_minutes", b.PriorityCreditMinutes, maxPriorityCredit, " (0 means 15)")
		c.within(bn, owner, "recall_delay_seconds", b.RecallDelaySeconds, maxRecallDelay, "")
		c.within(bn, owner, "no_show_after_calls", b.NoShowAfterCalls, maxNoShowCalls, " (0 means 1)")
		c.within(bn, owner, "wait_alert_minutes", b.WaitAlertMinutes, maxWaitAlert, " (0 means 20)")
		if b.RemoteTicketsPerPhone != nil {
			c.within(bn, owner, "remote_tickets_per_phone", *b.RemoteTicketsPerPhone, maxRemoteTickets, " (0 turns remote tickets off)")
		}
		if b.TurnNearAhead != nil {
			c.within(bn, owner, "turn_near_ahead", *b.TurnNearAhead, maxTurnNear, " (0: only the next in line)")
		}
		c.within(bn, owner, "reopen_days", b.ReopenDays, maxReopenDays, " (0 means 30)")
		c.appointments(bn, owner, b)
	}
}

func (c *checker) timeZone(n *yaml.Node, owner, zone string) {
	switch {
	case zone == "":
		c.fail(n, "%s: time_zone is missing (an IANA name such as Asia/Riyadh)", owner)
	case zone == "Local":
		// LoadLocation accepts "Local", which would make "today" depend on
		// the machine the hub runs on.
		c.fail(n, "%s: time_zone must name a zone such as Asia/Riyadh, not Local", owner)
	default:
		if _, err := time.LoadLocation(zone); err != nil {
			c.fail(n, "%s: time_zone %q is not a known IANA time zone (such as Asia/Riyadh)", owner, zone)
		}
	}
}

func (c *checker) hours(n *yaml.Node, owner string, hours []protocol.Hours) {
	if len(hours) == 0 {
		c.fail(n, "%s: hours: at least one opening period is required", owner)
	}
	for i, h := range hours {
		pn := at(n, i)
		what := fmt.Sprintf("%s: hours #%d", owner, i+1)
		if len(h.Days) == 0 {
			c.fail(at(pn, "days"), "%s: days is missing", what)
		}
		seen := map[string]bool{}
		for j, day := range h.Days {
			if _, ok := weekdayIndex(day); !ok {
				c.fail(at(pn, "days", j), "%s: day %q is not one of %s", what, day, strings.Join(weekdays[:], " "))
			} else if seen[day] {
				c.fail(at(pn, "days", j), "%s: day %q is listed twice", what, day)
			}
			seen[day] = true
		}
		open, close := minutesOfDay(h.Open), minutesOfDay(h.Close)
		if open < 0 {
			c.fail(at(pn, "open"), "%s: open %q must be a time HH:MM from 00:00 to 23:59", what, h.Open)
		}
		if close < 0 {
			c.fail(at(pn, "close"), "%s: close %q must be a time HH:MM from 00:00 to 23:59", what, h.Close)
		}
		if open >= 0 && close >= 0 && open >= close {
			c.fail(at(pn, "close"), "%s: close %s must be later than open %s", what, h.Close, h.Open)
		}
	}
}

func (c *checker) desks(n *yaml.Node, owner string, desks []protocol.DeskDef) {
	if len(desks) == 0 {
		c.fail(n, "%s: at least one desk is required", owner)
	}
	ids := map[string]int{}
	for i, d := range desks {
		dn := at(n, i)
		desk := owner + ": " + describe("desk", d.ID, i)
		c.unique(dn, desk, "id", d.ID, idFormat, ids)
		c.text(at(dn, "name"), desk+": name", d.Name)
	}
}

// within checks that a branch's number field is between 0 and max; note
// says what zero means, when it means something.
func (c *checker) within(bn *yaml.Node, owner, field string, v, max int, note string) {
	if v < 0 || v > max {
		c.fail(at(bn, field), "%s: %s %d must be between 0 and %d%s", owner, field, v, max, note)
	}
}

// categories checks the categories and returns the set of their codes.
func (c *checker) categories(categories []protocol.Category, n *yaml.Node) map[string]int {
	if len(categories) == 0 {
		c.fail(n, "at least one category is required")
	}
	codes := map[string]int{}
	for i, cat := range categories {
		cn := at(n, i)
		owner := describe("category", cat.Code, i)
		c.unique(cn, owner, "code", cat.Code, idFormat, codes)
		c.text(at(cn, "name"), owner+": name", cat.Name)
		if cat.FirstResponseHours < 0 {
			c.fail(at(cn, "first_response_hours"), "%s: first_response_hours must not be negative", owner)
		}
		if cat.ResolutionHours < 0 {
			c.fail(at(cn, "resolution_hours"), "%s: resolution_hours must not be negative", owner)
		}
		if cat.FirstResponseHours > 0 && cat.ResolutionHours > 0 && cat.ResolutionHours < cat.FirstResponseHours {
			c.fail(at(cn, "resolution_hours"), "%s: resolution_hours %d is less than first_response_hours %d",
				owner, cat.ResolutionHours, cat.FirstResponseHours)
		}
	}
	return codes
}

func (c *checker) services(services []protocol.Service, n *yaml.Node, categories, departments map[string]int) {
	if len(services) == 0 {
		c.fail(n, "at least one service is required")
	}
	codes := map[string]int{}
	for i, s := range services {
		sn := at(n, i)
		owner := describe("service", s.Code, i)
		c.unique(sn, owner, "code", s.Code, idFormat, codes)
		c.text(at(sn, "name"), owner+": name", s.Name)
		c.text(at(sn, "description"), owner+": description", s.Description)
		if s.Category == "" {
			c.fail(at(sn, "category"), "%s: category is missing", owner)
		} else if _, ok := categories[s.Category]; !ok {
			c.fail(at(sn, "category"), "%s: category %q is not defined", owner, s.Category)
		}
		if _, ok := departments[s.Department]; s.Department != "" && !ok {
			c.fail(at(sn, "department"), "%s: department %q is not defined", owner, s.Department)
		}
		c.fields(at(sn, "fields"), owner, s.Fields)
		c.booking(sn, owner, s)
	}
}

func (c *checker) fields(n *yaml.Node, owner string, fields []protocol.Field) {
	codes := map[string]int{}
	for i, f := range fields {
		fn := at(n, i)
		field := owner + ": " + describe("field", f.Code, i)
		c.unique(fn, field, "code", f.Code, idFormat, codes)
		c.text(at(fn, "name"), field+": name", f.Name)
		switch {
		case !fieldKinds[f.Kind]:
			c.fail(at(fn, "kind"), "%s: kind %q is not one of text, number, date, choice", field, f.Kind)
		case f.Kind == "choice" && len(f.Choices) == 0:
			c.fail(at(fn, "kind"), "%s: a choice field needs choices", field)
		case f.Kind != "choice" && len(f.Choices) > 0:
			c.fail(at(fn, "choices"), "%s: choices are only for kind choice", field)
		}
		for j, choice := range f.Choices {
			c.text(at(fn, "choices", j), fmt.Sprintf("%s: choice #%d", field, j+1), choice)
		}
	}
}

// unique checks that the value under key has the given format and was not
// used before by a sibling; seen maps the values used so far to their lines.
func (c *checker) unique(n *yaml.Node, owner, key, value string, format textFormat, seen map[string]int) {
	vn := at(n, key)
	switch line, used := seen[value]; {
	case value == "":
		c.fail(vn, "%s: %s is missing", owner, key)
	case !format.pattern.MatchString(value):
		c.fail(vn, "%s: %s %q must be %s", owner, key, value, format.rule)
	case used:
		c.fail(vn, "%s: %s %q is already used at line %d", owner, key, value, line)
	default:
		seen[value] = vn.Line
	}
}

// text checks that a Text has both languages and that its Arabic is Arabic.
func (c *checker) text(n *yaml.Node, what string, t protocol.Text) {
	switch {
	case strings.TrimSpace(t.Ar) == "":
		c.fail(at(n, "ar"), "%s: ar (Arabic) is missing", what)
	case !hasArabicLetter(t.Ar):
		c.fail(at(n, "ar"), "%s: ar %q has no Arabic letters", what, t.Ar)
	}
	if strings.TrimSpace(t.En) == "" {
		c.fail(at(n, "en"), "%s: en (English) is missing", what)
	}
}

func hasArabicLetter(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// describe names an entry by its id, or by its position when it has none.
func describe(kind, id string, index int) string {
	if id == "" {
		return fmt.Sprintf("%s #%d", kind, index+1)
	}
	return fmt.Sprintf("%s %q", kind, id)
}
