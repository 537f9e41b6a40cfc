package words

import "github.com/shamil-municipal/shamil/hub/protocol"

// CaseStatuses name a case's stages. A case is feminine (معاملة), so the
// Arabic adjectives are too: معاملة مستلمة، محالة، مغلقة.
var CaseStatuses = map[protocol.CaseStatus]Text{
	protocol.CaseReceived:        {"مستلمة", "Received"},
	protocol.CaseInProgress:      {"قيد العمل", "In progress"},
	protocol.CaseAwaitingCitizen: {"بانتظار المواطن", "Awaiting the citizen"},
	protocol.CaseReferred:        {"محالة", "Referred"},
	protocol.CaseResolved:        {"محلولة", "Resolved"},
	protocol.CaseClosed:          {"مغلقة", "Closed"},
}

// TicketStates name where a visit stands.
var TicketStates = map[protocol.TicketState]Text{
	protocol.TicketRemote:    {"بانتظار تسجيل الحضور", "Waiting to check in"},
	protocol.TicketWaiting:   {"في الانتظار", "Waiting"},
	protocol.TicketCalled:    {"تم النداء", "Called"},
	protocol.TicketServing:   {"قيد الخدمة", "Serving"},
	protocol.TicketParked:    {"مؤجل", "Parked"},
	protocol.TicketDone:      {"تمت الخدمة", "Served"},
	protocol.TicketNoShow:    {"لم يحضر", "No-show"},
	protocol.TicketCancelled: {"ملغاة", "Cancelled"},
	protocol.TicketExpired:   {"لم تُخدم حتى نهاية اليوم", "Unserved at the day's end"},
}

// DeskStates name whether a desk takes visitors.
var DeskStates = map[protocol.DeskState]Text{
	protocol.DeskOpen:   {"مفتوح", "Open"},
	protocol.DeskPaused: {"متوقف مؤقتًا", "Paused"},
	protocol.DeskClosed: {"مغلق", "Closed"},
}
