package whatsapp

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// maxPlaceText bounds the place name and address a location message carries.
const maxPlaceText = 200

// location handles a location message: the location of the report being
// put together (its last question), else of the case this conversation
// reported.
func (w *Webhook) location(ctx context.Context, m Inbound, phone, lang string, c chat) string {
	loc, ok := locationOf(m)
	if !ok {
		return pick(lang, "الموقع المرسل غير صالح.", "That location is not valid.")
	}
	switch {
	case c.Draft != nil:
		return w.proceed(ctx, m, phone, lang, func(c *chat) bool {
			if c.Draft == nil {
				return false
			}
			c.Draft.Location = &loc
			return true
		})
	case c.Reported != nil:
		to := actions.CitizenAct{Branch: c.Reported.Branch, Case: c.Reported.Case, Channel: "whatsapp", RequestID: m.ID}
		if _, err := w.Acts.CitizenLocation(ctx, to, loc); err != nil {
			w.Log.Warn("whatsapp: case location", "case", c.Reported.Case, "error", err)
			return pick(lang, "تعذر حفظ الموقع، حاول لاحقاً.", "The location could not be saved; please try later.")
		}
		return fmt.Sprintf(pick(lang, "حُفظ الموقع في المعاملة %s.", "The location is saved on case %s."), c.Reported.Case)
	}
	return pick(lang, "لإرسال موقع، ابدأ بلاغاً بكلمة «بلاغ» ثم أرسل الموقع عندما نطلبه.",
		"To send a location, start a report with \"report\" and send the location when asked.")
}

// locationOf is the protocol.Location of a location message: its point, and
// its place name and address as the landmark.
func locationOf(m Inbound) (protocol.Location, bool) {
	l := m.Location
	if l.Latitude < -90 || l.Latitude > 90 || l.Longitude < -180 || l.Longitude > 180 ||
		l.Latitude == 0 && l.Longitude == 0 {
		return protocol.Location{}, false
	}
	lat, lng := l.Latitude, l.Longitude
	var place []string
	for _, s := range []string{l.Name, l.Address} {
		if s = strings.TrimSpace(s); s != "" {
			place = append(place, truncate(s, maxPlaceText))
		}
	}
	return protocol.Location{Landmark: strings.Join(place, "، "), Lat: &lat, Lng: &lng}, true
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
