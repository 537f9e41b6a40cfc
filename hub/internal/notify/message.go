// Package notify tells citizens what happened to their ticket or case, by
// WhatsApp template message or by SMS, from the branch event streams.
package notify

import (
	"context"
	"fmt"
	"strings"
)

// Message is one notification to one citizen.
type Message struct {
	Branch   string
	Case     string   // the case the message is about; its timeline records the send
	To       string   // E.164, e.g. +966501234567
	Lang     string   // ar or en
	Template string   // WhatsApp template name, e.g. shamil_ticket_called
	Params   []string // the template's body parameters, in order
}

// Notifier delivers a message through one provider.
type Notifier interface {
	Name() string
	Send(ctx context.Context, m Message) error
}

// Templates: each is approved on the WhatsApp Business account under this
// name in Arabic and English, with the body parameters listed; SMS sends the
// same text.
const (
	TemplateTicketIssued  = "shamil_ticket_issued"  // {{1}} ticket number, {{2}} case number
	TemplateTicketCalled  = "shamil_ticket_called"  // {{1}} ticket number, {{2}} desk
	TemplateInfoRequested = "shamil_info_requested" // {{1}} case number
	TemplateResponseGiven = "shamil_response_given" // {{1}} case number
	TemplateCaseResolved  = "shamil_case_resolved"  // {{1}} case number
	// TemplateTurnNear goes to a visitor waiting at the branch;
	// TemplateTurnNearRemote to one who took their ticket online and has
	// yet to come and check in at the kiosk.
	TemplateTurnNear       = "shamil_turn_near"        // {{1}} ticket number, {{2}} people ahead
	TemplateTurnNearRemote = "shamil_turn_near_remote" // {{1}} ticket number, {{2}} people ahead
	// Appointments (docs/appointments.md): {{2}} is the slot in the
	// branch's local time, "2026-12-08 09:10".
	TemplateAppointmentBooked    = "shamil_appointment_booked"    // {{1}} booking number, {{2}} time
	TemplateAppointmentChanged   = "shamil_appointment_changed"   // {{1}} booking number, {{2}} time
	TemplateAppointmentCancelled = "shamil_appointment_cancelled" // {{1}} booking number, {{2}} time
)

// texts are the templates' bodies, Arabic then English, for SMS.
var texts = map[string][2]string{
	TemplateTicketIssued:  {"رقم تذكرتك {{1}}. رقم المعاملة {{2}}.", "Your ticket is {{1}}. Case number {{2}}."},
	TemplateTicketCalled:  {"حان دورك: التذكرة {{1}}، تفضل إلى المكتب {{2}}.", "Your turn: ticket {{1}}, please go to desk {{2}}."},
	TemplateInfoRequested: {"تحتاج البلدية معلومات إضافية عن المعاملة {{1}}. يمكنك الرد على هذه الرسالة.", "The municipality needs more information on case {{1}}. You can reply to this message."},
	TemplateResponseGiven: {"ردّت البلدية على المعاملة {{1}}.", "The municipality has answered case {{1}}."},
	TemplateCaseResolved:  {"تم إنجاز المعاملة {{1}}. شكراً لك.", "Case {{1}} is resolved. Thank you."},
	TemplateTurnNear: {"اقترب دورك: التذكرة {{1}}. عدد من أمامك: {{2}}. يُرجى البقاء قريباً من الشبابيك.",
		"Your turn is near: ticket {{1}}. People ahead of you: {{2}}. Please stay near the desks."},
	TemplateAppointmentBooked: {"حُجز موعدك {{1}} في {{2}}. عند وصولك امسح رمز الموعد عند جهاز التذاكر.",
		"Your appointment {{1}} is booked for {{2}}. When you arrive, scan its code at the kiosk."},
	TemplateAppointmentChanged:   {"غُيّر موعدك {{1}} إلى {{2}}.", "Your appointment {{1}} is moved to {{2}}."},
	TemplateAppointmentCancelled: {"أُلغي موعدك {{1}} في {{2}}.", "Your appointment {{1}} for {{2}} is cancelled."},
	TemplateCaseOverdue: {"المعاملة {{1}} لدى {{2}} تجاوزت موعد {{3}}. تابعها في صفحة المكتب الخلفي.",
		"Case {{1}} with {{2}} is overdue for {{3}}. Follow it up on the back office page."},
	TemplateTurnNearRemote: {"اقترب دورك: التذكرة {{1}}. عدد من أمامك: {{2}}. توجّه إلى الفرع وامسح رمز تذكرتك عند جهاز التذاكر لتأكيد حضورك.",
		"Your turn is near: ticket {{1}}. People ahead of you: {{2}}. Come to the branch and scan your ticket's code at the kiosk to check in."},
}

// Text is the message as plain text in its language, for SMS.
func (m Message) Text() string {
	t, ok := texts[m.Template]
	if !ok {
		return strings.Join(m.Params, " ")
	}
	body := t[0]
	if m.Lang == "en" {
		body = t[1]
	}
	for i, p := range m.Params {
		body = strings.ReplaceAll(body, fmt.Sprintf("{{%d}}", i+1), p)
	}
	return body
}
