package protocol

// Text is a string in both of the product's languages. Arabic comes first.
type Text struct {
	Ar string `json:"ar" yaml:"ar"`
	En string `json:"en" yaml:"en"`
}

// Catalogue is what a municipality offers: its branches, its services and the
// categories cases fall into. It is loaded from one file at start-up
// (docs/catalogue.md) and sent to kiosks and desks as it is.
type Catalogue struct {
	Municipality Text       `json:"municipality" yaml:"municipality"`
	Branches     []Branch   `json:"branches" yaml:"branches"`
	Categories   []Category `json:"categories" yaml:"categories"`
	// Departments are the back office that cases are referred to
	// (docs/office.md); none means cases stay with the desks.
	Departments []Department `json:"departments,omitempty" yaml:"departments"`
	Services    []Service    `json:"services" yaml:"services"`
}

// Department is a part of the back office that works on cases referred to
// it: roads, lighting, building permits. "triage" receives the reports of
// services that name no department.
type Department struct {
	Code string `json:"code" yaml:"code"`
	Name Text   `json:"name" yaml:"name"`
	// Branches it serves; empty means every branch.
	Branches []string `json:"branches,omitempty" yaml:"branches"`
	// Targets in working hours for the cases it holds; zero means the
	// case's category target.
	FirstResponseHours int `json:"first_response_hours,omitempty" yaml:"first_response_hours"`
	ResolutionHours    int `json:"resolution_hours,omitempty" yaml:"resolution_hours"`
}

// Branch is one service office with its own queue, desks and numbering.
type Branch struct {
	ID         string    `json:"id" yaml:"id"`
	Name       Text      `json:"name" yaml:"name"`
	TimeZone   string    `json:"time_zone" yaml:"time_zone"`     // IANA name; decides "today"
	CasePrefix string    `json:"case_prefix" yaml:"case_prefix"` // e.g. QTF in QTF-2026-000123
	Hours      []Hours   `json:"hours" yaml:"hours"`
	Desks      []DeskDef `json:"desks" yaml:"desks"`
	// PriorityCreditMinutes is how many minutes earlier than its real
	// arrival a priority-lane ticket counts when choosing who is called next
	// (the anti-starvation rule, docs/queue.md). Zero means 15.
	PriorityCreditMinutes int `json:"priority_credit_minutes,omitempty" yaml:"priority_credit_minutes"`
	// RecallDelaySeconds is how long after a call an officer must wait
	// before calling the same visitor again. Zero means no wait.
	RecallDelaySeconds int `json:"recall_delay_seconds,omitempty" yaml:"recall_delay_seconds"`
	// NoShowAfterCalls is how many times a visitor must have been called
	// (the first call and recalls) before a desk may mark a no-show. Zero
	// means 1.
	NoShowAfterCalls int `json:"no_show_after_calls,omitempty" yaml:"no_show_after_calls"`
	// WaitAlertMinutes is the wait the managers' dashboard highlights.
	// Zero means 20.
	WaitAlertMinutes int `json:"wait_alert_minutes,omitempty" yaml:"wait_alert_minutes"`
	// RemoteTicketsPerPhone is how many remote tickets (taken online, not
	// yet called) one mobile number may hold at the branch on a day. Unset
	// means 1; zero turns remote tickets off.
	RemoteTicketsPerPhone *int `json:"remote_tickets_per_phone,omitempty" yaml:"remote_tickets_per_phone"`
	// TurnNearAhead: after each call, a visitor with at most this many
	// people ahead is told their turn is near (a message, once, and on the
	// /queue page). Unset means 3.
	TurnNearAhead *int `json:"turn_near_ahead,omitempty" yaml:"turn_near_ahead"`
	// ReopenDays is how many days after a case is resolved or closed the
	// citizen may reopen it online; later they come to the branch. Zero
	// means 30.
	ReopenDays int `json:"reopen_days,omitempty" yaml:"reopen_days"`
	// Appointments: the rules for booked visits; nil, no bookings.
	Appointments *Appointments `json:"appointments,omitempty" yaml:"appointments"`
	// Calendar: days with other hours or closed (docs/appointments.md).
	Calendar []CalendarPeriod `json:"calendar,omitempty" yaml:"calendar"`
}

// Hours is one opening period on the given weekdays, local time "HH:MM".
type Hours struct {
	Days  []string `json:"days" yaml:"days"` // sun mon tue wed thu fri sat
	Open  string   `json:"open" yaml:"open"`
	Close string   `json:"close" yaml:"close"`
}

// DeskDef is a desk as the catalogue defines it; Desk is its live state.
type DeskDef struct {
	ID   string `json:"id" yaml:"id"`
	Name Text   `json:"name" yaml:"name"`
}

// Category groups services and sets service-level targets for their cases.
type Category struct {
	Code string `json:"code" yaml:"code"` // complaint, request, inquiry, suggestion, report, permit
	Name Text   `json:"name" yaml:"name"`
	// Targets in working hours; zero means no target.
	FirstResponseHours int `json:"first_response_hours" yaml:"first_response_hours"`
	ResolutionHours    int `json:"resolution_hours" yaml:"resolution_hours"`
}

// Service is one thing a citizen can come for. Every desk serves every
// service: the catalogue never routes a visitor to a department. A report
// made without a visit goes to the service's department.
type Service struct {
	Code        string  `json:"code" yaml:"code"`
	Name        Text    `json:"name" yaml:"name"`
	Description Text    `json:"description" yaml:"description"`
	Category    string  `json:"category" yaml:"category"`
	Department  string  `json:"department,omitempty" yaml:"department"` // a department code, or empty
	Fields      []Field `json:"fields,omitempty" yaml:"fields"`
	// Bookable services take appointments: slots of SlotMinutes, each with
	// PlacesPerSlot places at every branch that takes appointments.
	Bookable      bool `json:"bookable,omitempty" yaml:"bookable"`
	SlotMinutes   int  `json:"slot_minutes,omitempty" yaml:"slot_minutes"`
	PlacesPerSlot int  `json:"places_per_slot,omitempty" yaml:"places_per_slot"`
}

// Field is one detail a case of a service needs (e.g. a plot number).
type Field struct {
	Code     string `json:"code" yaml:"code"`
	Name     Text   `json:"name" yaml:"name"`
	Kind     string `json:"kind" yaml:"kind"` // text, number, date, choice
	Required bool   `json:"required,omitempty" yaml:"required"`
	Choices  []Text `json:"choices,omitempty" yaml:"choices"`
}
