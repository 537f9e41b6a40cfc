package whatsapp

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxPlaceText bounds the place name and address a location message carries.
const maxPlaceText = 200

// location handles a location message: the location of the report being
// put together (its last question), else of the case this conversation
// reported.
func (w *Webhook) location(ctx context.Context, m Inbound, phone, lang string, c chat) string {
	loc, ok := locationOf(m)
	if !ok {
		return words.BadLocation.In(lang)
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
			return words.LocationFailed.In(lang)
		}
		return words.LocationSaved.Fill(c.Reported.Case).In(lang)
	}
	return words.LocationOutsideReport.In(lang)
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
	return protocol.Location{Landmark: strings.Join(place, words.PlaceSeparator), Lat: &lat, Lng: &lng}, true
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
