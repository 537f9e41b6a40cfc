package store

import (
	"reflect"
	"slices"
	"testing"
)

// writes are the Store's methods that change what Redis holds (or hand out
// the client that can). Only hub/internal/actions, and the packages
// TestOnlyActionsWrite lists with their reason, may call them.
var writes = []string{
	// the raw client: whoever holds it can write anything
	"Redis",
	// accounts, credentials and the audit log
	"CreateDevice", "RevokeDevice", "CreateUser", "SetRegion",
	"DisableUser", "EnableUser", "SetPassword", "EndSessions",
	"SignInFailed", "OpenSession", "EndSession", "Revoke", "CreateAPIKey", "RevokeAPIKey", "Audit", "MoveAccounts",
	// tickets, desks and the day
	"IssueTicket", "CallNext", "ActOnTicket", "Transfer", "SetDesk", "CheckIn",
	"CloseDay", "Reconcile", "LoadScripts",
	// appointments
	"BookSlot", "CancelBooking", "CheckInBooking", "DueBookings",
	// cases
	"OpenCase", "UpdateCase", "AddNote", "Respond", "Resolve", "Reopen", "RequestInfo",
	"Refer", "CloseCase", "Assign", "Unassign", "ReturnCase", "Inspect", "Escalate",
	"CitizenReply", "AttachPhotos", "CitizenReopen", "RateCase", "AccessFailed",
	"IndexCases", "RecordNotified", "OpenSibling", "ClaimHeadNotice",
	// the notifier's and WhatsApp's bookkeeping
	"SetNotifyOffset", "ClaimNotifier", "ReleaseNotifier",
	"UpdateWhatsAppChat", "FirstWhatsAppDelivery",
	// devices' presence
	"SetOnline", "MarkSeen",
	// the catalogue's reload
	"PublishCatalogue", "CatalogueApplied", "CatalogueChanged",
}

// readOnly are the Store's methods that only read (or only set how the
// Store itself behaves): any package may call them.
var readOnly = []string{
	"BookingStates", "DepartmentHeads", "VisitCases",
	"CatalogueAppliedBy", "WatchCatalogue", "WaitingServices", "DeskHeld", "DepartmentOpenCases",
	"Ready", "SetReplicaWait", "Authenticate", "SignInFailures", "Login", "CheckAPIKey", "ListDevices", "ListUsers",
	"ListAPIKeys", "APIKeyByID", "AuditLog", "Colleague", "DepartmentPeople", "Officer",
	"Snapshot", "Position", "EventsAfter", "ListenEvents", "WatchRevocations",
	"Ticket", "Ahead", "RemoteAhead", "TurnsNear", "OpenDesks", "TicketsOfDays",
	"Booking", "SlotsTaken",
	"Case", "CaseByAccess", "CasesByPhone", "OpenCases", "AccessCode", "AccessFailures",
	"Inbox", "Requests", "PublishedCases", "Timelines", "CasesCreated", "OpenCaseCount",
	"NotifyOffset", "WhatsAppChat",
}

// Every exported method of Store is classified, once: a new method that
// writes cannot slip past the one-writer check unlisted.
func TestStoreMethodsClassified(t *testing.T) {
	seen := map[string]int{}
	for _, m := range append(slices.Clone(writes), readOnly...) {
		seen[m]++
	}
	typ := reflect.TypeFor[*Store]()
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		switch seen[name] {
		case 0:
			t.Errorf("Store.%s is neither in writes nor in readOnly (methods_test.go): classify it", name)
		case 1:
		default:
			t.Errorf("Store.%s is listed more than once in methods_test.go", name)
		}
		delete(seen, name)
	}
	for name := range seen {
		t.Errorf("methods_test.go lists Store.%s, which does not exist", name)
	}
}
