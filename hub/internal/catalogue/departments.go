package catalogue

import (
	"slices"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// TriageDepartment receives the reports of services that name no
// department; a catalogue with departments must have it.
const TriageDepartment = "triage"

// Department returns the department with the given code.
func (c *Catalogue) Department(code string) (protocol.Department, bool) {
	d, ok := c.get().depts[code]
	return d, ok
}

// Serves reports whether a department works on the cases of a branch.
func (c *Catalogue) Serves(department, branchID string) bool {
	d, ok := c.get().depts[department]
	return ok && (len(d.Branches) == 0 || slices.Contains(d.Branches, branchID))
}

// ReportDepartment is the department a report of a service made without a
// visit goes to at a branch: the service's own, or triage. It is empty when
// the catalogue has no departments, or neither serves the branch: the
// report then waits for the desks, as a walk-in case does.
func (c *Catalogue) ReportDepartment(serviceCode, branchID string) string {
	if s, ok := c.get().services[serviceCode]; ok && s.Department != "" && c.Serves(s.Department, branchID) {
		return s.Department
	}
	if c.Serves(TriageDepartment, branchID) {
		return TriageDepartment
	}
	return ""
}

// CaseTargets are a case's targets in working hours (zero: none): the
// department's that holds it when it sets them, else its category's.
func (c *Catalogue) CaseTargets(category, department string) (firstResponse, resolution int) {
	cat := c.get().categories[category]
	firstResponse, resolution = cat.FirstResponseHours, cat.ResolutionHours
	if d, ok := c.get().depts[department]; ok {
		if d.FirstResponseHours > 0 {
			firstResponse = d.FirstResponseHours
		}
		if d.ResolutionHours > 0 {
			resolution = d.ResolutionHours
		}
	}
	return firstResponse, resolution
}
