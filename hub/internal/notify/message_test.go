package notify

import (
	"testing"

	"github.com/shamil-municipal/shamil/hub/words"
)

// Every template has its SMS text in both languages in the catalogue, and
// a message fills its parameters into the text of its language.
func TestEveryTemplateHasItsText(t *testing.T) {
	for _, name := range []string{TemplateTicketIssued, TemplateTicketCalled, TemplateInfoRequested, TemplateResponseGiven,
		TemplateCaseResolved, TemplateTurnNear, TemplateTurnNearRemote, TemplateAppointmentBooked,
		TemplateAppointmentChanged, TemplateAppointmentCancelled} {
		if w, ok := words.Notifications[name]; !ok || w.Ar == "" || w.En == "" {
			t.Errorf("template %s has no text in both languages in hub/words", name)
		}
	}
	m := Message{Template: TemplateTicketCalled, Params: []string{"A-042", "3"}}
	if got, want := m.Text(), "حان دورك: التذكرة A-042، تفضل إلى المكتب 3."; got != want {
		t.Errorf("Arabic text %q, want %q", got, want)
	}
	m.Lang = "en"
	if got, want := m.Text(), "Your turn: ticket A-042, please go to desk 3."; got != want {
		t.Errorf("English text %q, want %q", got, want)
	}
}
