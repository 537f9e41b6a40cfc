package protocol

import "time"

// Lane is the queue lane a ticket waits in.
type Lane string

const (
	LaneNormal      Lane = "normal"
	LanePriority    Lane = "priority"    // elderly, people with disabilities
	LaneAppointment Lane = "appointment" // booked in advance
)

// TicketState is where a visit stands.
type TicketState string

const (
	TicketRemote    TicketState = "remote" // taken online; joins the queue when checked in at the kiosk
	TicketWaiting   TicketState = "waiting"
	TicketCalled    TicketState = "called"
	TicketServing   TicketState = "serving"
	TicketParked    TicketState = "parked" // set aside at its desk (the visitor fetches a document); not waiting
	TicketDone      TicketState = "done"
	TicketNoShow    TicketState = "no_show"
	TicketCancelled TicketState = "cancelled"
	TicketExpired   TicketState = "expired" // still queued, or never checked in, when its day ended
)

// Ticket is one visit. Its Number is what the visitor sees and hears, and
// stays the same through transfers.
type Ticket struct {
	ID      string      `json:"id"`     // unique: <branch>-<yyyymmdd>-<letter><seq>
	Number  string      `json:"number"` // e.g. A-042
	Branch  string      `json:"branch"`
	Service string      `json:"service"`
	Lane    Lane        `json:"lane"`
	State   TicketState `json:"state"`
	Case    string      `json:"case"` // the case number this visit opened
	Day     string      `json:"day"`  // branch-local date, YYYY-MM-DD
	// Desk is the desk that called, serves or parked the ticket; for a
	// waiting ticket transferred to a desk, the desk it waits for.
	Desk string `json:"desk,omitempty"`
	// Officer is the officer who called the ticket; for a waiting ticket
	// transferred to an officer, the officer it waits for.
	Officer  string     `json:"officer,omitempty"`
	Calls    int        `json:"calls,omitempty"` // times called, recalls included
	Note     string     `json:"note,omitempty"`  // transfer note
	IssuedAt time.Time  `json:"issued_at"`
	CalledAt *time.Time `json:"called_at,omitempty"` // the first call: a recall does not move it
	ServedAt *time.Time `json:"served_at,omitempty"`
	ParkedAt *time.Time `json:"parked_at,omitempty"` // while parked
	EndedAt  *time.Time `json:"ended_at,omitempty"`
	// A visitor checked in from an appointment: the booking, its slot and
	// the notes booked with it (a desk's follow-up), for the desk that calls.
	Booking     string     `json:"booking,omitempty"`
	BookedSlot  *time.Time `json:"booked_slot,omitempty"`
	BookedNotes string     `json:"booked_notes,omitempty"`
}

// DeskState is whether a desk takes visitors.
type DeskState string

const (
	DeskClosed DeskState = "closed"
	DeskOpen   DeskState = "open"
	DeskPaused DeskState = "paused"
)

// Desk is the live state of a desk.
type Desk struct {
	ID          string    `json:"id"`
	Branch      string    `json:"branch"`
	State       DeskState `json:"state"`
	Officer     string    `json:"officer,omitempty"`      // username
	OfficerName string    `json:"officer_name,omitempty"` // display name
	Ticket      string    `json:"ticket,omitempty"`       // current ticket id
	Reason      string    `json:"reason,omitempty"`       // pause reason
	Since       time.Time `json:"since"`
}

// CaseStatus is where a case stands. See docs/cases.md for the transitions.
type CaseStatus string

const (
	CaseReceived        CaseStatus = "received"
	CaseInProgress      CaseStatus = "in_progress"
	CaseAwaitingCitizen CaseStatus = "awaiting_citizen"
	CaseReferred        CaseStatus = "referred"
	CaseResolved        CaseStatus = "resolved"
	CaseClosed          CaseStatus = "closed"
)

// Location is where a reported problem is.
type Location struct {
	District string   `json:"district,omitempty"`
	Street   string   `json:"street,omitempty"`
	Landmark string   `json:"landmark,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lng      *float64 `json:"lng,omitempty"`
}

// Case is what a visit or report is about, tracked until it is answered.
type Case struct {
	Number       string            `json:"number"` // e.g. QTF-2026-000123
	Branch       string            `json:"branch"`
	Service      string            `json:"service"`
	Category     string            `json:"category"`
	Status       CaseStatus        `json:"status"`
	Ticket       string            `json:"ticket,omitempty"`
	Channel      string            `json:"channel"` // walk_in, online, whatsapp, open311
	Description  string            `json:"description,omitempty"`
	Location     *Location         `json:"location,omitempty"`
	Details      map[string]string `json:"details,omitempty"`
	Phone        string            `json:"phone,omitempty"` // masked outside the hub's staff views
	Lang         string            `json:"lang,omitempty"`  // the citizen's language: ar or en
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	FirstReplyAt *time.Time        `json:"first_reply_at,omitempty"` // first response to the citizen
	InfoDeadline *time.Time        `json:"info_deadline,omitempty"`  // while awaiting the citizen
	ClosedAt     *time.Time        `json:"closed_at,omitempty"`      // when it was finished: resolved, or closed unresolved
	CloseReason  string            `json:"close_reason,omitempty"`   // resolved, no_reply, duplicate, withdrawn
	// Department holds the case after the counter (a catalogue code); empty
	// while it is with the front office. A finished case keeps the
	// department that finished it.
	Department string `json:"department,omitempty"`
	// Assignee is the username of the department's person working on it;
	// staff views only.
	Assignee string `json:"assignee,omitempty"`
	// When the department holding it was found past a target and its head
	// told (docs/office.md); once per case and target.
	EscalatedFirstResponse *time.Time `json:"escalated_first_response,omitempty"`
	EscalatedResolution    *time.Time `json:"escalated_resolution,omitempty"`
	// Siblings are the other cases opened in the same visit (case.open),
	// in opening order; read with the case, never in summaries.
	Siblings []SiblingCase   `json:"siblings,omitempty"`
	Timeline []TimelineEntry `json:"timeline,omitempty"`
}

// SiblingCase is another case of the same visit: what the citizen sees of
// it on /track (never its access code).
type SiblingCase struct {
	Number  string     `json:"number"`
	Service string     `json:"service"`
	Status  CaseStatus `json:"status"`
}

// Timeline entry kinds.
const (
	EntryOpened       = "opened"
	EntryServed       = "served"        // served at a desk
	EntryUpdated      = "updated"       // category, description, location or details changed
	EntryNote         = "note"          // internal, never shown to the citizen
	EntryInfoRequest  = "info_request"  // the municipality asks the citizen
	EntryCitizenReply = "citizen_reply" // the citizen answers
	EntryResponse     = "response"      // the municipality answers the citizen
	EntryReferred     = "referred"      // referred to a department, still owned
	EntryResolved     = "resolved"
	EntryClosed       = "closed"
	EntryReopened     = "reopened"
	EntryAssigned     = "assigned"   // internal: given to a person of the department
	EntryUnassigned   = "unassigned" // internal: back to the department's unassigned cases
	EntryReturned     = "returned"   // internal: back to the front office with findings
	EntryEscalated    = "escalated"  // internal: a target missed, the head told (text: the target)
	EntryInspection   = "inspection" // a site visit: findings, photos, the position; internal or public
	// Appointments (docs/appointments.md); the text is the slot's local
	// date, its Umm al-Qura date and its time.
	EntryAppointmentBooked    = "appointment_booked"
	EntryAppointmentChanged   = "appointment_changed"
	EntryAppointmentCancelled = "appointment_cancelled"
	EntryAppointmentMissed    = "appointment_missed" // not checked in: a no-show
)

// TimelineEntry is one thing that happened to a case.
type TimelineEntry struct {
	At     time.Time  `json:"at"`
	Kind   string     `json:"kind"`
	Actor  string     `json:"actor"` // username, device id, or "citizen"
	Desk   string     `json:"desk,omitempty"`
	Text   string     `json:"text,omitempty"`
	Status CaseStatus `json:"status"`           // the case status after this entry
	Public bool       `json:"public"`           // shown to the citizen
	Photos []string   `json:"photos,omitempty"` // media keys of the photos the citizen sent with it
	// Department is where a referral sent the case, or whose person an
	// assignment names.
	Department string `json:"department,omitempty"`
	// Location is where an inspection was made (the phone's position).
	Location *Location `json:"location,omitempty"`
}
