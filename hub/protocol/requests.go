package protocol

import "time"

// Request types. Each names its payload type and its reply's data type.
const (
	ReqAuth = "auth" // AuthRequest → AuthReply, then events or a snapshot if Subscribe
	ReqPing = "ping" // nothing → nothing; answered by the session itself, any role (a browser's check on a quiet connection)

	ReqCatalogue = "catalogue.get" // nothing → Catalogue
	ReqQueue     = "queue.get"     // nothing → Snapshot

	ReqTicketIssue    = "ticket.issue"    // IssueTicket → IssuedTicket
	ReqTicketCancel   = "ticket.cancel"   // TicketRef → Ticket
	ReqTicketRecall   = "ticket.recall"   // TicketRef → Ticket
	ReqTicketServe    = "ticket.serve"    // TicketRef → Ticket (visitor arrived at the desk)
	ReqTicketNoShow   = "ticket.no_show"  // TicketRef → Ticket
	ReqTicketComplete = "ticket.complete" // TicketRef → Ticket
	ReqTicketTransfer = "ticket.transfer" // TransferTicket → Ticket
	ReqTicketPark     = "ticket.park"     // TicketRef → Ticket (set the visitor aside; the desk is free)
	ReqTicketResume   = "ticket.resume"   // TicketRef → Ticket (serve a parked visitor again, at the same desk)
	ReqTicketCheckIn  = "ticket.check_in" // CheckIn → CheckedIn (a remote ticket's visitor arrived at the kiosk)

	ReqDeskOpen     = "desk.open"      // DeskRef → Desk (the officer claims the desk)
	ReqDeskPause    = "desk.pause"     // PauseDesk → Desk
	ReqDeskClose    = "desk.close"     // DeskRef → Desk (releases it)
	ReqDeskCallNext = "desk.call_next" // DeskRef → Ticket

	ReqOfficerToday = "officer.today" // nothing → OfficerDay (the officer's own figures today)

	ReqCaseGet     = "case.get"          // CaseRequest → Case (with the staff timeline)
	ReqCaseUpdate  = "case.update"       // UpdateCase → Case
	ReqCaseNote    = "case.note"         // CaseText → Case (internal note)
	ReqCaseRespond = "case.respond"      // CaseText → Case (response to the citizen)
	ReqCaseRequest = "case.request_info" // RequestInfo → Case
	ReqCaseRefer   = "case.refer"        // ReferCase → Case
	ReqCaseResolve = "case.resolve"      // CaseText → Case (Text is the response; required)
	ReqCaseClose   = "case.close"        // CloseCase → Case
	ReqCaseReopen  = "case.reopen"       // CaseText → Case
	ReqCaseFind    = "case.find"         // FindCases → []Case (summaries, newest first)
	ReqCasesOpen   = "case.list_open"    // nothing → []Case (summaries, oldest first)
	ReqCaseOpen    = "case.open"         // OpenCase → ReportedCase (a further case of the visit the desk is serving)

	// The back office (docs/office.md).
	ReqCaseAssign   = "case.assign"       // AssignCase → Case (Assignee empty: to the sender)
	ReqCaseUnassign = "case.unassign"     // CaseRequest → Case
	ReqCaseReturn   = "case.return"       // CaseText → Case (Text: the findings; back to the front office)
	ReqCasesInbox   = "case.inbox"        // Inbox → []Case (summaries, oldest first)
	ReqPeople       = "department.people" // Inbox (Department only) → []Person: whom its cases may be assigned to
)

// Person is someone cases may be assigned to.
type Person struct {
	Username string `json:"username"`
	Name     string `json:"name"`
}

// Roles of an authenticated principal.
type Role string

const (
	RoleKiosk   Role = "kiosk"   // a device at the entrance
	RoleDisplay Role = "display" // a device showing the hall display
	RoleOfficer Role = "officer" // a person at a desk
	RoleManager Role = "manager" // a person watching a branch
	RoleAdmin   Role = "admin"   // a person running a branch
	// RoleDepartment is a person of a back-office department: they work on
	// the cases their department holds, in the branches it serves.
	RoleDepartment Role = "department"
)

// AuthRequest is the first message on a WebSocket connection.
type AuthRequest struct {
	Token   string `json:"token"`
	Version int    `json:"version"`
	// Branch to subscribe to; empty means the principal's own branch.
	Branch    string    `json:"branch,omitempty"`
	Subscribe bool      `json:"subscribe,omitempty"`
	Resume    *Position `json:"resume,omitempty"` // the last event the client saw
}

// AuthReply tells the client who it is. When it subscribed, the hub follows
// the reply with either every event after Resume (Recovered true) or a
// snapshot (Recovered false), then live events.
type AuthReply struct {
	Version   int    `json:"version"`
	Principal string `json:"principal"` // device id or username
	Name      string `json:"name,omitempty"`
	Role      Role   `json:"role"`
	Branch    string `json:"branch"`
	// Department and Head: a department's person (RoleDepartment).
	Department string `json:"department,omitempty"`
	Head       bool   `json:"head,omitempty"`
	Recovered  bool   `json:"recovered"`
}

// IssueTicket asks for a ticket for a service.
type IssueTicket struct {
	Service string `json:"service"`
	Lane    Lane   `json:"lane,omitempty"`  // default normal
	Phone   string `json:"phone,omitempty"` // Saudi mobile, 05XXXXXXXX or +9665XXXXXXXX
	Lang    string `json:"lang,omitempty"`  // ar (default) or en
}

// IssuedTicket is what a kiosk prints.
type IssuedTicket struct {
	Ticket        Ticket `json:"ticket"`
	Case          string `json:"case"`
	AccessCode    string `json:"access_code"`
	Ahead         int    `json:"ahead"`          // people called before this ticket, as things stand
	EstimatedWait int    `json:"estimated_wait"` // seconds
	TrackURL      string `json:"track_url"`
}

// CheckIn is what the kiosk read from a remote ticket's QR code.
type CheckIn struct {
	Ticket  string `json:"ticket,omitempty"`
	Booking string `json:"booking,omitempty"` // an appointment's QR code names a booking instead
	Code    string `json:"code"`              // the case's access code: ticket ids are easy to guess
}

// CheckedIn is what the kiosk shows a visitor who took a ticket remotely.
type CheckedIn struct {
	Ticket        Ticket `json:"ticket"`
	Ahead         int    `json:"ahead"`
	EstimatedWait int    `json:"estimated_wait"` // seconds
	// Notice is a plain word for the visitor, when there is one: an
	// appointment checked in after its grace became an ordinary ticket.
	Notice *Text `json:"notice,omitempty"`
}

// ReportedCase is what a citizen gets for a case reported without a visit
// (online, by WhatsApp, through Open311).
type ReportedCase struct {
	Case       string `json:"case"`
	AccessCode string `json:"access_code"`
	TrackURL   string `json:"track_url"`
}

// OpenCase opens a further case for the visitor a desk is serving: the same
// visit (ticket) and mobile number, another service, its own case number
// and access code.
type OpenCase struct {
	Ticket      string `json:"ticket"` // the ticket's id
	Service     string `json:"service"`
	Description string `json:"description,omitempty"`
}

// TicketRef names a ticket.
type TicketRef struct {
	Ticket string `json:"ticket"`
}

// TransferTicket sends a ticket back to the queue (Desk and Officer empty),
// to a desk, or to a named officer (whichever desk they sit at), keeping its
// number. At most one of Desk and Officer.
type TransferTicket struct {
	Ticket  string `json:"ticket"`
	Desk    string `json:"desk,omitempty"`
	Officer string `json:"officer,omitempty"` // username
	Note    string `json:"note,omitempty"`
}

// OfficerDay is an officer's own figures for the branch-local day: the
// visits they completed and marked no-show, how long their visits took
// (served to done) and how long the visitors they called had waited
// (issued to their call; a recall does not count), on average in seconds.
type OfficerDay struct {
	Day            string `json:"day"`
	Served         int    `json:"served"`
	NoShows        int    `json:"no_shows"`
	AvgServiceSecs int    `json:"avg_service_seconds"`
	AvgWaitSecs    int    `json:"avg_wait_seconds"`
}

// DeskRef names a desk of the principal's branch.
type DeskRef struct {
	Desk string `json:"desk"`
}

// PauseDesk pauses a desk with a reason (prayer, break, …).
type PauseDesk struct {
	DeskRef
	Reason string `json:"reason"`
}

// CaseRequest names a case.
type CaseRequest struct {
	Case string `json:"case"`
}

// UpdateCase records what the case is about. Empty fields are left as they are.
type UpdateCase struct {
	Case        string            `json:"case"`
	Service     string            `json:"service,omitempty"`
	Category    string            `json:"category,omitempty"`
	Description string            `json:"description,omitempty"`
	Location    *Location         `json:"location,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
}

// CaseText carries a text for a case action.
type CaseText struct {
	Case string `json:"case"`
	Text string `json:"text"`
}

// RequestInfo asks the citizen for something, to be answered by Deadline.
type RequestInfo struct {
	Case     string    `json:"case"`
	Text     string    `json:"text"`
	Deadline time.Time `json:"deadline"`
}

// ReferCase refers a case to a department; the case stays owned and tracked.
type ReferCase struct {
	Case       string `json:"case"`
	Department string `json:"department"`
	Text       string `json:"text,omitempty"`
}

// AssignCase gives a case its department holds to one of the department's
// people; an empty Assignee is the sender ("assign to me").
type AssignCase struct {
	Case     string `json:"case"`
	Assignee string `json:"assignee,omitempty"`
}

// Inbox views.
const (
	InboxMine       = "mine"       // assigned to the sender
	InboxUnassigned = "unassigned" // the department's, assigned to nobody
	InboxDepartment = "department" // everything the department holds
	InboxAwaiting   = "awaiting"   // the department's cases awaiting the citizen
	InboxDueSoon    = "due_soon"   // past 75% of a target not yet met
	InboxOverdue    = "overdue"    // past a target not met: escalated to the head
)

// Inbox lists a department's open cases. Department is for managers and
// admins; a department's people always see their own.
type Inbox struct {
	View       string `json:"view"`
	Department string `json:"department,omitempty"`
}

// FindCases looks up a returning visitor's cases by case number or by
// mobile number (one of the two).
type FindCases struct {
	Case  string `json:"case,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// CloseCase closes a case. Reason is resolved, no_reply, duplicate or
// withdrawn; Text is the response to the citizen and is required unless one
// is already on record (see docs/cases.md).
type CloseCase struct {
	Case   string `json:"case"`
	Reason string `json:"reason"`
	Text   string `json:"text,omitempty"`
}
