package catalogue

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validFile is the smallest catalogue that passes. The bad files of the
// tests below change one thing in it; line numbers are noted on the right.
const validFile = `municipality: {ar: بلدية, en: Municipality}
branches:
  - id: main
    name: {ar: الفرع الرئيسي, en: Main branch}
    time_zone: Asia/Riyadh
    case_prefix: MN
    hours:
      - days: [sun, mon]
        open: "08:00"
        close: "14:00"
    desks:
      - id: d1
        name: {ar: مكتب ١, en: Desk 1}
    priority_credit_minutes: 10
categories:
  - code: complaint
    name: {ar: شكوى, en: Complaint}
    first_response_hours: 8
    resolution_hours: 72
services:
  - code: bldg-permit
    name: {ar: رخصة بناء, en: Building permit}
    description: {ar: وصف الخدمة, en: What it is}
    category: complaint
    fields:
      - code: plot
        name: {ar: رقم القطعة, en: Plot number}
        kind: choice
        choices: [{ar: أ, en: A}]
`

// replaceOnce returns s with old, which must occur in it, replaced by new.
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("test file has no %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestValidFile(t *testing.T) {
	if _, err := Parse([]byte(validFile), "test.yaml"); err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}
}

func TestBadFiles(t *testing.T) {
	// Each case replaces old by new in validFile and expects want in the error.
	tests := []struct {
		name, old, new, want string
	}{
		// The YAML itself.
		{"syntax error", "    case_prefix: MN", "    case_prefix: MN: x", "test.yaml:6: mapping values are not allowed in this context"},
		{"unknown key", "    category: complaint", "    categry: complaint", `test.yaml:24: unknown key "categry"`},
		{"wrong type", "priority_credit_minutes: 10", "priority_credit_minutes: ten", "test.yaml:14: cannot unmarshal !!str `ten` into int"},
		{"duplicate key", "    case_prefix: MN", "    case_prefix: MN\n    case_prefix: MM", `test.yaml:7: mapping key "case_prefix" already defined at line 6`},
		{"two documents", "categories:", "---\ncategories:", "test.yaml:15: the file holds more than one YAML document"},

		// Required parts (empty catalogues: TestEmptyCatalogue).
		{"no desks", "    desks:\n      - id: d1\n        name: {ar: مكتب ١, en: Desk 1}\n", "    desks: []\n", `test.yaml:11: branch "main": at least one desk is required`},
		{"no hours", "    hours:\n      - days: [sun, mon]\n        open: \"08:00\"\n        close: \"14:00\"\n", "", `test.yaml:3: branch "main": hours: at least one opening period is required`},

		// Ids and codes.
		{"id with a colon", "  - id: main", "  - id: ma:in", `test.yaml:3: branch "ma:in": id "ma:in" must be 1 to 32 characters from a-z, 0-9 and -`},
		{"id with braces", "  - id: main", "  - id: \"{main}\"", `test.yaml:3: branch "{main}": id "{main}" must be`},
		{"id in capitals", "  - id: main", "  - id: Main", `id "Main" must be`},
		{"id too long", "  - id: main", "  - id: " + strings.Repeat("a", 33), "must be 1 to 32 characters"},
		{"missing id", "  - id: main\n    name:", "  - name:", `test.yaml:3: branch #1: id is missing`},
		{"duplicate desk", "    priority_credit_minutes: 10", "      - id: d1\n        name: {ar: مكتب, en: Desk}\n    priority_credit_minutes: 10", `test.yaml:14: branch "main": desk "d1": id "d1" is already used at line 12`},
		{"service code with a space", "  - code: bldg-permit", "  - code: bldg permit", `test.yaml:21: service "bldg permit": code "bldg permit" must be`},
		{"field code with underscore", "      - code: plot", "      - code: plot_no", `test.yaml:26: service "bldg-permit": field "plot_no": code "plot_no" must be`},

		// Branches.
		{"case prefix lower case", "case_prefix: MN", "case_prefix: mn", `test.yaml:6: branch "main": case_prefix "mn" must be 2 to 5 capital letters A-Z`},
		{"case prefix too long", "case_prefix: MN", "case_prefix: ABCDEF", `case_prefix "ABCDEF" must be 2 to 5 capital letters`},
		{"unknown time zone", "time_zone: Asia/Riyadh", "time_zone: Asia/Qatif", `test.yaml:5: branch "main": time_zone "Asia/Qatif" is not a known IANA time zone`},
		{"local time zone", "time_zone: Asia/Riyadh", "time_zone: Local", `test.yaml:5: branch "main": time_zone must name a zone such as Asia/Riyadh, not Local`},
		{"missing time zone", "    time_zone: Asia/Riyadh\n", "", `test.yaml:3: branch "main": time_zone is missing`},
		{"bad day", "days: [sun, mon]", "days: [sun, friday]", `test.yaml:8: branch "main": hours #1: day "friday" is not one of sun mon tue wed thu fri sat`},
		{"day twice", "days: [sun, mon]", "days: [sun, sun]", `hours #1: day "sun" is listed twice`},
		{"no days", "days: [sun, mon]", "days: []", `test.yaml:8: branch "main": hours #1: days is missing`},
		{"bad open", `open: "08:00"`, `open: "8am"`, `test.yaml:9: branch "main": hours #1: open "8am" must be a time HH:MM from 00:00 to 23:59`},
		{"hour 24", `close: "14:00"`, `close: "24:00"`, `test.yaml:10: branch "main": hours #1: close "24:00" must be a time HH:MM`},
		{"close before open", `close: "14:00"`, `close: "07:59"`, `test.yaml:10: branch "main": hours #1: close 07:59 must be later than open 08:00`},
		{"close at open", `close: "14:00"`, `close: "08:00"`, `close 08:00 must be later than open 08:00`},
		{"credit too big", "priority_credit_minutes: 10", "priority_credit_minutes: 121", `test.yaml:14: branch "main": priority_credit_minutes 121 must be between 0 and 120`},
		{"credit negative", "priority_credit_minutes: 10", "priority_credit_minutes: -1", `priority_credit_minutes -1 must be between 0 and 120`},
		{"recall delay too long", "priority_credit_minutes: 10", "priority_credit_minutes: 10\n    recall_delay_seconds: 601", `test.yaml:15: branch "main": recall_delay_seconds 601 must be between 0 and 600`},
		{"no-show calls negative", "priority_credit_minutes: 10", "priority_credit_minutes: 10\n    no_show_after_calls: -2", `test.yaml:15: branch "main": no_show_after_calls -2 must be between 0 and 10 (0 means 1)`},
		{"wait alert negative", "priority_credit_minutes: 10", "priority_credit_minutes: 10\n    wait_alert_minutes: -5", `test.yaml:15: branch "main": wait_alert_minutes -5 must be between 0 and 240 (0 means 20)`},
		{"remote tickets too many", "priority_credit_minutes: 10", "priority_credit_minutes: 10\n    remote_tickets_per_phone: 6", `test.yaml:15: branch "main": remote_tickets_per_phone 6 must be between 0 and 5 (0 turns remote tickets off)`},
		{"turn near too far", "priority_credit_minutes: 10", "priority_credit_minutes: 10\n    turn_near_ahead: 21", `test.yaml:15: branch "main": turn_near_ahead 21 must be between 0 and 20 (0: only the next in line)`},
		{"reopen negative", "priority_credit_minutes: 10", "priority_credit_minutes: 10\n    reopen_days: -1", `test.yaml:15: branch "main": reopen_days -1 must be between 0 and 366 (0 means 30)`},

		// Texts.
		{"missing English", "name: {ar: الفرع الرئيسي, en: Main branch}", "name: {ar: الفرع الرئيسي}", `test.yaml:4: branch "main": name: en (English) is missing`},
		{"blank Arabic", "name: {ar: الفرع الرئيسي, en: Main branch}", `name: {ar: " ", en: Main branch}`, `test.yaml:4: branch "main": name: ar (Arabic) is missing`},
		{"Arabic not Arabic", "name: {ar: الفرع الرئيسي, en: Main branch}", "name: {ar: Main branch, en: Main branch}", `test.yaml:4: branch "main": name: ar "Main branch" has no Arabic letters`},
		{"Arabic digits only", "name: {ar: مكتب ١, en: Desk 1}", "name: {ar: ١, en: Desk 1}", `test.yaml:13: branch "main": desk "d1": name: ar "١" has no Arabic letters`},
		{"missing municipality", "municipality: {ar: بلدية, en: Municipality}\n", "", `test.yaml:1: municipality: ar (Arabic) is missing`},
		{"missing description", "    description: {ar: وصف الخدمة, en: What it is}\n", "", `service "bldg-permit": description: en (English) is missing`},
		{"choice without Arabic", "choices: [{ar: أ, en: A}]", "choices: [{ar: أ, en: A}, {en: B}]", `test.yaml:29: service "bldg-permit": field "plot": choice #2: ar (Arabic) is missing`},

		// Categories and services.
		{"undefined category", "    category: complaint", "    category: permitt", `test.yaml:24: service "bldg-permit": category "permitt" is not defined`},
		{"missing category", "    category: complaint\n", "", `service "bldg-permit": category is missing`},
		{"duplicate category", "services:", "  - {code: complaint, name: {ar: شكوى, en: Complaint}}\nservices:", `test.yaml:20: category "complaint": code "complaint" is already used at line 16`},
		{"negative target", "first_response_hours: 8", "first_response_hours: -8", `test.yaml:18: category "complaint": first_response_hours must not be negative`},
		{"resolution before response", "resolution_hours: 72", "resolution_hours: 4", `test.yaml:19: category "complaint": resolution_hours 4 is less than first_response_hours 8`},
		{"bad field kind", "kind: choice", "kind: photo", `test.yaml:28: service "bldg-permit": field "plot": kind "photo" is not one of text, number, date, choice`},
		{"choice without choices", "        choices: [{ar: أ, en: A}]\n", "", `test.yaml:28: service "bldg-permit": field "plot": a choice field needs choices`},
		{"choices on text", "kind: choice", "kind: text", `test.yaml:29: service "bldg-permit": field "plot": choices are only for kind choice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := replaceOnce(t, validFile, tt.old, tt.new)
			_, err := Parse([]byte(file), "test.yaml")
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			var catErr *Error
			if !errors.As(err, &catErr) {
				t.Errorf("error is %T, want *catalogue.Error", err)
			}
		})
	}
}

func TestEmptyCatalogue(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"empty file", "", "test.yaml: the file is empty"},
		{"only a comment", "# nothing yet\n", "test.yaml: the file is empty"},
		{"an empty mapping", "{}\n", "test.yaml:1: at least one branch is required"},
		{"no services", "municipality: {ar: بلدية, en: M}\nservices: []\n", "test.yaml:2: at least one service is required"},
		{"not a mapping", "- a\n- b\n", "test.yaml:1: cannot unmarshal !!seq into protocol.Catalogue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file), "test.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestAllProblemsAreReported(t *testing.T) {
	file := replaceOnce(t, validFile, "case_prefix: MN", "case_prefix: mn")
	file = replaceOnce(t, file, "    category: complaint", "    category: permitt")
	_, err := Parse([]byte(file), "test.yaml")
	var catErr *Error
	if !errors.As(err, &catErr) {
		t.Fatalf("error = %v, want *catalogue.Error", err)
	}
	want := []Problem{
		{6, `branch "main": case_prefix "mn" must be 2 to 5 capital letters A-Z`},
		{24, `service "bldg-permit": category "permitt" is not defined`},
	}
	if fmt.Sprint(catErr.Problems) != fmt.Sprint(want) {
		t.Errorf("problems = %v, want %v", catErr.Problems, want)
	}
}

func TestProblemsAreCapped(t *testing.T) {
	// 30 services in an undefined category: 30 problems, 20 listed.
	var b strings.Builder
	b.WriteString(strings.Split(validFile, "services:")[0] + "services:\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  - {code: s%d, category: nope, name: {ar: خدمة, en: S}, description: {ar: وصف, en: D}}\n", i)
	}
	_, err := Parse([]byte(b.String()), "test.yaml")
	var catErr *Error
	if !errors.As(err, &catErr) {
		t.Fatalf("error = %v, want *catalogue.Error", err)
	}
	if len(catErr.Problems) != maxProblems || catErr.Omitted != 10 {
		t.Errorf("%d problems listed and %d omitted, want %d and 10", len(catErr.Problems), catErr.Omitted, maxProblems)
	}
	if !strings.HasSuffix(err.Error(), "test.yaml: 10 more problems not shown") {
		t.Errorf("error does not end with the omitted count:\n%v", err)
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	file := replaceOnce(t, validFile, "    category: complaint", "    category: permitt")
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + `:24: service "bldg-permit": category "permitt" is not defined`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}

	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("loading a missing file: %v, want os.ErrNotExist", err)
	}
}

func TestAnchorsAndAliases(t *testing.T) {
	// Operators may share a name with an anchor; lines still point at the alias's target.
	file := replaceOnce(t, validFile, "name: {ar: شكوى, en: Complaint}", "name: &shared {ar: شكوى, en: Complaint}")
	file = replaceOnce(t, file, "name: {ar: رخصة بناء, en: Building permit}", "name: *shared")
	if _, err := Parse([]byte(file), "test.yaml"); err != nil {
		t.Fatalf("file with an alias rejected: %v", err)
	}
}
