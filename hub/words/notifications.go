package words

// Notifications are the bodies of the WhatsApp templates the hub sends
// (hub/internal/notify), by template name; SMS sends the same text. Each is
// approved on the WhatsApp Business account under this name in both
// languages: change a text here and there together. {{n}} is the
// template's n-th parameter.
var Notifications = map[string]Text{
	"shamil_ticket_issued":  {"رقم تذكرتك {{1}}. رقم المعاملة {{2}}.", "Your ticket is {{1}}. Case number {{2}}."},
	"shamil_ticket_called":  {"حان دورك: التذكرة {{1}}، تفضل إلى المكتب {{2}}.", "Your turn: ticket {{1}}, please go to desk {{2}}."},
	"shamil_info_requested": {"تحتاج البلدية معلومات إضافية عن المعاملة {{1}}. يمكنك الرد على هذه الرسالة.", "The municipality needs more information on case {{1}}. You can reply to this message."},
	"shamil_response_given": {"ردّت البلدية على المعاملة {{1}}.", "The municipality has answered case {{1}}."},
	"shamil_case_resolved":  {"تم إنجاز المعاملة {{1}}. شكراً لك.", "Case {{1}} is resolved. Thank you."},
	"shamil_turn_near": {"اقترب دورك: التذكرة {{1}}. عدد من أمامك: {{2}}. يُرجى البقاء قريباً من الشبابيك.",
		"Your turn is near: ticket {{1}}. People ahead of you: {{2}}. Please stay near the desks."},
	"shamil_appointment_booked": {"حُجز موعدك {{1}} في {{2}}. عند وصولك امسح رمز الموعد عند جهاز التذاكر.",
		"Your appointment {{1}} is booked for {{2}}. When you arrive, scan its code at the kiosk."},
	"shamil_appointment_changed":   {"غُيّر موعدك {{1}} إلى {{2}}.", "Your appointment {{1}} is moved to {{2}}."},
	"shamil_appointment_cancelled": {"أُلغي موعدك {{1}} في {{2}}.", "Your appointment {{1}} for {{2}} is cancelled."},
	"shamil_appointment_reminder": {"تذكير: موعدك {{1}} في {{2}}. عند وصولك امسح رمز الموعد عند جهاز التذاكر.",
		"Reminder: your appointment {{1}} is at {{2}}. When you arrive, scan its code at the kiosk."},
	"shamil_case_overdue": {"المعاملة {{1}} لدى {{2}} تجاوزت موعد {{3}}. تابعها في صفحة المكتب الخلفي.",
		"Case {{1}} with {{2}} is overdue for {{3}}. Follow it up on the back office page."},
	"shamil_turn_near_remote": {"اقترب دورك: التذكرة {{1}}. عدد من أمامك: {{2}}. توجّه إلى الفرع وامسح رمز تذكرتك عند جهاز التذاكر لتأكيد حضورك.",
		"Your turn is near: ticket {{1}}. People ahead of you: {{2}}. Come to the branch and scan your ticket's code at the kiosk to check in."},
}

// Targets name a case's targets in a department head's message
// (shamil_case_overdue's {{3}}), by the store's target name.
var Targets = map[string]Text{
	"first_response": {"الرد الأول", "first response"},
	"resolution":     {"الحل", "resolution"},
}
