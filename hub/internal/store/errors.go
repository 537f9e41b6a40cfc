package store

import (
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// reasons are the messages for each reason a script may fail with, in
// English and Arabic. A reason not listed falls back to its code's message.
var reasons = map[string][2]string{
	"request_id_reused":     {"This request id was already used for a different request", "معرّف الطلب مستخدم لطلب مختلف"},
	"unknown_ticket":        {"No such ticket", "التذكرة غير موجودة"},
	"ticket_id_taken":       {"This ticket id is already in use", "معرّف التذكرة مستخدم بالفعل"},
	"unknown_case":          {"No such case", "المعاملة غير موجودة"},
	"ticket_not_waiting":    {"The ticket is no longer waiting", "التذكرة لم تعد في الانتظار"},
	"ticket_not_called":     {"The ticket has not been called", "لم يتم نداء التذكرة"},
	"ticket_not_serving":    {"The ticket is not being served", "التذكرة ليست قيد الخدمة"},
	"ticket_not_at_desk":    {"The ticket is not at this desk", "التذكرة ليست في هذا المكتب"},
	"ticket_not_active":     {"The ticket is not called or being served", "التذكرة ليست قيد النداء أو الخدمة"},
	"desk_not_open":         {"The desk is not open", "المكتب غير مفتوح"},
	"desk_not_held":         {"You do not hold this desk", "أنت لا تشغل هذا المكتب"},
	"desk_busy":             {"Finish the current visitor first", "أنهِ خدمة المراجع الحالي أولاً"},
	"desk_taken":            {"The desk is held by another officer", "المكتب يشغله موظف آخر"},
	"same_desk":             {"The ticket is already at this desk", "التذكرة في هذا المكتب بالفعل"},
	"same_officer":          {"The visitor is already with you", "المراجع لديك بالفعل"},
	"ticket_not_parked":     {"The ticket is not parked", "التذكرة ليست مؤجلة"},
	"desk_has_parked":       {"Resume or transfer the visitors parked at this desk first", "استأنف خدمة المراجعين المؤجلين في هذا المكتب أو حوّلهم أولاً"},
	"queue_empty":           {"Nobody is waiting", "لا يوجد أحد في الانتظار"},
	"recall_first":          {"Call the visitor again before marking a no-show", "أعد نداء المراجع قبل تسجيل عدم حضوره"},
	"recall_too_soon":       {"Give the visitor a moment to reach the desk before recalling", "امنح المراجع وقتاً للوصول قبل إعادة النداء"},
	"ticket_not_remote":     {"The ticket is not waiting to check in", "التذكرة ليست بانتظار تسجيل الحضور"},
	"ticket_expired":        {"The ticket was for another day", "التذكرة ليوم آخر"},
	"remote_phone_required": {"A mobile number is required to queue remotely", "رقم الجوال مطلوب للانتظار عن بُعد"},
	"remote_limit":          {"This mobile number already holds as many remote tickets as allowed", "لدى هذا الرقم أقصى عدد مسموح من التذاكر عن بُعد"},

	// Accounts and cases.
	"username_taken":      {"This username is already in use", "اسم المستخدم مستخدم بالفعل"},
	"device_id_taken":     {"This device id is already in use", "معرّف الجهاز مستخدم بالفعل"},
	"unknown_device":      {"No such device", "الجهاز غير موجود"},
	"unknown_user":        {"No such user", "المستخدم غير موجود"},
	"audit_log_broken":    {"The audit log cannot be written: nothing was changed", "تعذرت الكتابة في سجل التدقيق: لم يُغيَّر شيء"},
	"last_admin":          {"This is the last enabled admin: add or enable another admin first", "هذا آخر مسؤول مفعّل: أضف مسؤولاً آخر أو فعّله أولاً"},
	"case_closed":         {"The case is closed: reopen it first", "المعاملة مغلقة: أعد فتحها أولاً"},
	"case_resolved":       {"The case is resolved: reopen it first", "المعاملة محلولة: أعد فتحها أولاً"},
	"case_open":           {"Only a resolved or closed case can be reopened", "لا يُعاد فتح إلا معاملة محلولة أو مغلقة"},
	"case_not_awaiting":   {"The case is not awaiting the citizen's reply", "المعاملة لا تنتظر رد المواطن"},
	"no_response":         {"Write a response to the citizen first: a case is never closed without one", "اكتب رداً للمواطن أولاً: لا تُغلق معاملة دون رد"},
	"deadline_not_passed": {"The citizen's reply deadline has not passed yet", "لم تنقضِ مهلة رد المواطن بعد"},
	"text_required":       {"A text is required", "النص مطلوب"},
	"deadline_in_past":    {"The deadline must be in the future", "يجب أن تكون المهلة في المستقبل"},
	"department_required": {"Name the department the case is referred to", "حدد الإدارة المحال إليها"},
	"bad_close_reason":    {"The close reason must be resolved, no_reply, duplicate or withdrawn", "سبب الإغلاق يجب أن يكون: تم الحل، عدم الرد، مكررة، أو مسحوبة"},
	"nothing_to_update":   {"Nothing to update", "لا يوجد ما يُحدَّث"},
	"photos_required":     {"Attach at least one photo", "أرفق صورة واحدة على الأقل"},
	"unknown_case_action": {"Unknown case action", "إجراء غير معروف على المعاملة"},

	// The back office.
	"case_not_referred": {"The case is not with a department: only a case referred to a department can be assigned or returned", "المعاملة ليست لدى إدارة: لا تُسند ولا تُعاد إلا معاملة محالة إلى إدارة"},
	"case_not_assigned": {"The case is not assigned to anyone", "المعاملة غير مسندة إلى أحد"},
	"assignee_required": {"Name the person the case is assigned to", "حدد الموظف المسندة إليه المعاملة"},

	// The citizen's own actions.
	"case_not_finished":    {"Only a resolved or closed case can be rated", "لا تُقيَّم إلا معاملة محلولة أو مغلقة"},
	"already_rated":        {"You have already rated this case", "لقد قيّمت هذه المعاملة من قبل"},
	"reopen_window_passed": {"The time to reopen this case online has passed: please send a new request quoting this case number", "انقضت مدة إعادة فتح المعاملة عبر الموقع: يرجى تقديم طلب جديد مع ذكر رقم هذه المعاملة"},
}

// reasonFields name the field a script's refusal is about, where one is.
var reasonFields = map[string]string{
	"case_not_referred": "case",
	"case_not_assigned": "case",
	"assignee_required": "assignee",
	"text_required":     "text",
	"last_admin":        "username",
}

var codeMessages = map[string][2]string{
	protocol.CodeInvalidState:     {"Not allowed in the current state", "غير مسموح في الحالة الحالية"},
	protocol.CodeNotFound:         {"Not found", "غير موجود"},
	protocol.CodeConflict:         {"Conflicting request", "طلب متعارض"},
	protocol.CodeResponseRequired: {"A written response to the citizen is required", "يلزم رد مكتوب للمواطن"},
	protocol.CodeDeadlineNotDue:   {"The citizen's reply deadline has not passed", "لم تنقضِ مهلة رد المواطن"},
	protocol.CodeQueueEmpty:       {"Nobody is waiting", "لا يوجد أحد في الانتظار"},
	protocol.CodeDeskBusy:         {"Finish the current visitor first", "أنهِ خدمة المراجع الحالي أولاً"},
	protocol.CodeDeskTaken:        {"The desk is held by another officer", "المكتب يشغله موظف آخر"},
}

// storeError turns a script's "SHAMIL <code> <reason>" error into a
// *protocol.Error; other errors mean the store is unreachable or broken.
func storeError(err error) error {
	var re redis.Error
	if !errors.As(err, &re) {
		return err
	}
	msg := re.Error()
	rest, ok := strings.CutPrefix(msg, "SHAMIL ")
	if !ok {
		return err
	}
	// Redis appends " script: <sha>, on @user_script:N." to errors raised
	// from nested functions; only the first two words are ours.
	f := strings.Fields(rest)
	if len(f) < 2 {
		return err
	}
	return refusal(f[0], f[1])
}

// refusal is the error for a code and a reason, with the reason's
// messages (or its code's). The reason is sent with the error: the stable
// name of what was refused, which clients may switch on (docs/protocol.md
// lists every one).
func refusal(code, reason string) *protocol.Error {
	m, ok := reasons[reason]
	if !ok {
		m = codeMessages[code]
	}
	if m[0] == "" {
		m = [2]string{strings.ReplaceAll(reason, "_", " "), ""}
	}
	return &protocol.Error{Code: code, Reason: reason, Message: m[0], MessageAr: m[1], Field: reasonFields[reason]}
}
