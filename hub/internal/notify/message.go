// Package notify tells citizens what happened to their ticket or case, by
// WhatsApp template message or by SMS, from the branch event streams.
package notify

import (
	"context"
	"fmt"
	"strings"

	"github.com/shamil-municipal/shamil/hub/words"
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
	TemplateAppointmentReminder  = "shamil_appointment_reminder"  // {{1}} booking number, {{2}} time; a day and an hour before
)

// Text is the message as plain text in its language, for SMS.
func (m Message) Text() string {
	t, ok := words.Notifications[m.Template]
	if !ok {
		return strings.Join(m.Params, " ")
	}
	body := t.Ar
	if m.Lang == "en" {
		body = t.En
	}
	for i, p := range m.Params {
		body = strings.ReplaceAll(body, fmt.Sprintf("{{%d}}", i+1), p)
	}
	return body
}
