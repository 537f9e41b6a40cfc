package words

import "github.com/shamil-municipal/shamil/hub/protocol"

// Reasons are the messages for each reason the store may refuse a change
// with (docs/protocol.md, "Refusal reasons"). A reason not listed falls back
// to its code's message.
var Reasons = map[string]Text{
	"request_id_reused":  {"معرّف الطلب مستخدم لطلب مختلف", "This request id was already used for a different request"},
	"unknown_ticket":     {"التذكرة غير موجودة", "No such ticket"},
	"ticket_id_taken":    {"معرّف التذكرة مستخدم بالفعل", "This ticket id is already in use"},
	"unknown_case":       {"المعاملة غير موجودة", "No such case"},
	"ticket_not_waiting": {"التذكرة لم تعد في الانتظار", "The ticket is no longer waiting"},
	"ticket_not_called":  {"لم يتم نداء التذكرة", "The ticket has not been called"},
	"ticket_not_serving": {"التذكرة ليست قيد الخدمة", "The ticket is not being served"},
	"ticket_not_at_desk": {"التذكرة ليست في هذا المكتب", "The ticket is not at this desk"},
	"ticket_not_active":  {"التذكرة ليست قيد النداء أو الخدمة", "The ticket is not called or being served"},
	"desk_not_open":      {"المكتب غير مفتوح", "The desk is not open"},
	"desk_not_held":      {"أنت لا تشغل هذا المكتب", "You do not hold this desk"},
	"desk_busy":          {"أنهِ خدمة المراجع الحالي أولاً", "Finish the current visitor first"},
	"desk_taken":         {"المكتب يشغله موظف آخر", "The desk is held by another officer"},
	"same_desk":          {"التذكرة في هذا المكتب بالفعل", "The ticket is already at this desk"},
	"same_officer":       {"المراجع لديك بالفعل", "The visitor is already with you"},
	"ticket_not_parked":  {"التذكرة ليست مؤجلة", "The ticket is not parked"},
	"desk_has_parked":    {"استأنف خدمة المراجعين المؤجلين في هذا المكتب أو حوّلهم أولاً", "Resume or transfer the visitors parked at this desk first"},
	"queue_empty":        {"لا يوجد أحد في الانتظار", "Nobody is waiting"},
	"recall_first":       {"أعد نداء المراجع قبل تسجيل عدم حضوره", "Call the visitor again before marking a no-show"},
	"recall_too_soon":    {"امنح المراجع وقتاً للوصول قبل إعادة النداء", "Give the visitor a moment to reach the desk before recalling"},

	// Accounts and cases.
	"username_taken":      {"اسم المستخدم مستخدم بالفعل", "This username is already in use"},
	"device_id_taken":     {"معرّف الجهاز مستخدم بالفعل", "This device id is already in use"},
	"unknown_device":      {"الجهاز غير موجود", "No such device"},
	"unknown_user":        {"المستخدم غير موجود", "No such user"},
	"audit_log_broken":    {"تعذرت الكتابة في سجل التدقيق: لم يُغيَّر شيء", "The audit log cannot be written: nothing was changed"},
	"last_admin":          {"هذا آخر مسؤول مفعّل: أضف مسؤولاً آخر أو فعّله أولاً", "This is the last enabled admin: add or enable another admin first"},
	"case_closed":         {"المعاملة مغلقة: أعد فتحها أولاً", "The case is closed: reopen it first"},
	"case_resolved":       {"المعاملة محلولة: أعد فتحها أولاً", "The case is resolved: reopen it first"},
	"case_open":           {"لا يُعاد فتح إلا معاملة محلولة أو مغلقة", "Only a resolved or closed case can be reopened"},
	"case_not_awaiting":   {"المعاملة لا تنتظر رد المواطن", "The case is not awaiting the citizen's reply"},
	"no_response":         {"اكتب رداً للمواطن أولاً: لا تُغلق معاملة دون رد", "Write a response to the citizen first: a case is never closed without one"},
	"deadline_not_passed": {"لم تنقضِ مهلة رد المواطن بعد", "The citizen's reply deadline has not passed yet"},
	"text_required":       {"النص مطلوب", "A text is required"},
	"deadline_in_past":    {"يجب أن تكون المهلة في المستقبل", "The deadline must be in the future"},
	"department_required": {"حدد الإدارة المحال إليها", "Name the department the case is referred to"},
	"bad_close_reason":    {"سبب الإغلاق يجب أن يكون: تم الحل، عدم الرد، مكررة، أو مسحوبة", "The close reason must be resolved, no_reply, duplicate or withdrawn"},
	"nothing_to_update":   {"لا يوجد ما يُحدَّث", "Nothing to update"},
	"photos_required":     {"أرفق صورة واحدة على الأقل", "Attach at least one photo"},
	"unknown_case_action": {"إجراء غير معروف على المعاملة", "Unknown case action"},

	// The back office.
	"case_not_referred": {"المعاملة ليست لدى إدارة: لا تُسند ولا تُعاد إلا معاملة محالة إلى إدارة", "The case is not with a department: only a case referred to a department can be assigned or returned"},
	"case_not_assigned": {"المعاملة غير مسندة إلى أحد", "The case is not assigned to anyone"},
	"assignee_required": {"حدد الموظف المسندة إليه المعاملة", "Name the person the case is assigned to"},

	// The citizen's own actions.
	"case_not_finished":    {"لا تُقيَّم إلا معاملة محلولة أو مغلقة", "Only a resolved or closed case can be rated"},
	"already_rated":        {"لقد قيّمت هذه المعاملة من قبل", "You have already rated this case"},
	"reopen_window_passed": {"انقضت مدة إعادة فتح المعاملة عبر الموقع: يرجى تقديم طلب جديد مع ذكر رقم هذه المعاملة", "The time to reopen this case online has passed: please send a new request quoting this case number"},

	// The remote queue.
	"remote_phone_required": {"رقم الجوال مطلوب لأخذ تذكرة عن بُعد", "A mobile number is required to take a ticket remotely"},
	"remote_limit":          {"لدى رقم الجوال هذا تذكرة عن بُعد لليوم في هذا الفرع: استخدمها أو ألغِها أولاً", "This mobile number already holds today's remote ticket at this branch: use it or cancel it first"},
	"ticket_not_remote":     {"هذه التذكرة لم تؤخذ عن بُعد أو لم تعد بانتظار تسجيل الحضور", "This ticket was not taken remotely or is no longer waiting for check-in"},
	"ticket_expired":        {"هذه التذكرة ليوم آخر: خذ تذكرة جديدة", "This ticket was for another day: take a new one"},

	// Appointments.
	"slot_full":          {"هذا الموعد محجوز بالكامل: اختر موعداً آخر", "This time is fully booked: choose another"},
	"booking_limit":      {"لدى رقم الجوال هذا أقصى عدد مسموح من المواعيد: ألغِ أحدها أولاً", "This mobile number already holds as many appointments as allowed: cancel one first"},
	"unknown_booking":    {"الموعد غير موجود", "No such appointment"},
	"booking_not_active": {"هذا الموعد أُلغي أو انقضى", "This appointment was cancelled or has passed"},
	"booking_not_today":  {"هذا الموعد ليوم آخر", "This appointment is for another day"},
}

// CodeMessages are the messages of the refusals whose reason has none of
// its own, by error code.
var CodeMessages = map[string]Text{
	protocol.CodeInvalidState:     {"غير مسموح في الحالة الحالية", "Not allowed in the current state"},
	protocol.CodeNotFound:         {"غير موجود", "Not found"},
	protocol.CodeConflict:         {"طلب متعارض", "Conflicting request"},
	protocol.CodeResponseRequired: {"يلزم رد مكتوب للمواطن", "A written response to the citizen is required"},
	protocol.CodeDeadlineNotDue:   {"لم تنقضِ مهلة رد المواطن", "The citizen's reply deadline has not passed"},
	protocol.CodeQueueEmpty:       {"لا يوجد أحد في الانتظار", "Nobody is waiting"},
	protocol.CodeDeskBusy:         {"أنهِ خدمة المراجع الحالي أولاً", "Finish the current visitor first"},
	protocol.CodeDeskTaken:        {"المكتب يشغله موظف آخر", "The desk is held by another officer"},
}
