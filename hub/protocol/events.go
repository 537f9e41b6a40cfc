package protocol

import "time"

// Event types. Each event carries the entity as it is after the change.
const (
	EventTicketIssued      = "ticket.issued"
	EventTicketCalled      = "ticket.called"
	EventTicketRecalled    = "ticket.recalled"
	EventTicketServing     = "ticket.serving"
	EventTicketDone        = "ticket.done"
	EventTicketNoShow      = "ticket.no_show"
	EventTicketCancelled   = "ticket.cancelled"
	EventTicketTransferred = "ticket.transferred"
	EventTicketParked      = "ticket.parked"
	EventTicketResumed     = "ticket.resumed"
	EventTicketCheckedIn   = "ticket.checked_in" // a remote ticket joined the queue at its original place
	EventTicketExpired     = "ticket.expired"    // its day ended before it was called (see TicketExpired)
	EventDeskChanged       = "desk.changed"
	EventCaseChanged       = "case.changed"
	// EventCatalogueChanged: the hub runs another version of the catalogue
	// (Event.Catalogue); screens ask for it again and redraw.
	EventCatalogueChanged = "catalogue.changed"
)

// Event is one change in a branch. Events are appended to the branch's stream
// in the same atomic step as the change itself, so the stream is the audit
// log and the source every live screen is rebuilt from.
type Event struct {
	Offset  int64     `json:"offset"`
	Epoch   string    `json:"epoch"`
	Branch  string    `json:"branch"`
	Type    string    `json:"type"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor,omitempty"`
	Ticket  *Ticket   `json:"ticket,omitempty"`
	Desk    *Desk     `json:"desk,omitempty"`
	Case    *CaseRef  `json:"case,omitempty"`
	Booking *Booking  `json:"booking,omitempty"` // booking.* events
	// Catalogue is the new catalogue's version (catalogue.changed).
	Catalogue string `json:"catalogue,omitempty"`
	Waiting   int    `json:"waiting"` // people waiting in the branch after the change
}

// CaseRef is what an event says about a case: never its private data.
type CaseRef struct {
	Number   string     `json:"number"`
	Status   CaseStatus `json:"status"`
	Service  string     `json:"service"`
	Category string     `json:"category"`
	Entry    string     `json:"entry,omitempty"` // the timeline entry kind that changed it
	// Department holds the case after the change (empty: the front office),
	// so a department's inbox follows live.
	Department string `json:"department,omitempty"`
}

// Snapshot is the whole live state of a branch at Position. Every screen is
// a function of a snapshot and the events after it.
type Snapshot struct {
	Branch   string    `json:"branch"`
	Position Position  `json:"position"`
	At       time.Time `json:"at"`
	Day      string    `json:"day"` // branch-local date
	// Waiting lists the first tickets in the order they would be called (at
	// most 100); WaitingCount counts them all.
	Waiting      []Ticket `json:"waiting"`
	WaitingCount int      `json:"waiting_count"`
	Desks        []Desk   `json:"desks"`
	Recent       []Ticket `json:"recent"`           // the latest calls, newest first
	Parked       []Ticket `json:"parked,omitempty"` // parked at their desks, longest parked first
}
