package catalogue

import (
	"strings"
	"testing"
)

// withDepartments is validFile with two departments (lines 20-26) and the
// service handled by roads.
var withDepartments = strings.Replace(strings.Replace(validFile, "services:\n", `departments:
  - code: triage
    name: {ar: الفرز, en: Triage}
  - code: roads
    name: {ar: إدارة الطرق, en: Roads Department}
    branches: [main]
    resolution_hours: 24
services:
`, 1), "    category: complaint\n", "    category: complaint\n    department: roads\n", 1)

func TestDepartments(t *testing.T) {
	c, err := Parse([]byte(withDepartments), "test.yaml")
	if err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}
	if d, ok := c.Department("roads"); !ok || d.Name.En != "Roads Department" {
		t.Errorf("Department(roads) = %+v, %v", d, ok)
	}
	if !c.Serves("roads", "main") || c.Serves("roads", "other") || !c.Serves("triage", "other") || c.Serves("parks", "main") {
		t.Error("Serves: roads serves main only, triage every branch, parks is unknown")
	}
	if got := c.ReportDepartment("bldg-permit", "main"); got != "roads" {
		t.Errorf("report of bldg-permit at main goes to %q, want roads", got)
	}
	if got := c.ReportDepartment("bldg-permit", "other"); got != TriageDepartment {
		t.Errorf("report where roads does not serve goes to %q, want triage", got)
	}
	if fr, res := c.CaseTargets("complaint", "roads"); fr != 8 || res != 24 {
		t.Errorf("targets at roads = %d, %d; want the category's 8 and the department's 24", fr, res)
	}
	if fr, res := c.CaseTargets("complaint", ""); fr != 8 || res != 72 {
		t.Errorf("targets at the desk = %d, %d; want 8, 72", fr, res)
	}

	plain, err := Parse([]byte(validFile), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := plain.ReportDepartment("bldg-permit", "main"); got != "" {
		t.Errorf("without departments a report goes to %q, want none", got)
	}
}

func TestBadDepartments(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{"unknown department", "    department: roads", "    department: road", `test.yaml:32: service "bldg-permit": department "road" is not defined`},
		{"duplicate department", "  - code: roads", "  - code: triage", `test.yaml:23: department "triage": code "triage" is already used at line 21`},
		{"missing name", "    name: {ar: إدارة الطرق, en: Roads Department}\n", "", `test.yaml:23: department "roads": name: ar (Arabic) is missing`},
		{"missing English", "{ar: إدارة الطرق, en: Roads Department}", "{ar: إدارة الطرق}", `test.yaml:24: department "roads": name: en (English) is missing`},
		{"bad code", "  - code: roads", "  - code: Roads", `test.yaml:23: department "Roads": code "Roads" must be`},
		{"unknown branch", "branches: [main]", "branches: [main, mian]", `test.yaml:25: department "roads": branch "mian" is not defined`},
		{"negative target", "resolution_hours: 24", "resolution_hours: -1", `test.yaml:26: department "roads": resolution_hours must not be negative`},
		{"no triage", "  - code: triage\n    name: {ar: الفرز, en: Triage}\n", "", `test.yaml:21: departments: a department with code "triage" is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(replaceOnce(t, withDepartments, tt.old, tt.new)), "test.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}
