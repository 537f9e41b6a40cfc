package desktop

import (
	"encoding/json"
	"log/slog"
)

// Layout is where a page's parts are, as the page reports it each time
// they move: the screen shown, the language, the viewport's size, the
// element with the keyboard's focus (its id), whether an action is under
// way (the page ignores keys meanwhile) and the boxes (CSS pixels) of the
// parts a person needs on that screen. A page that sends it once the
// change is painted (the desk's) makes it a test's signal that the screen
// is drawn and ready for the next key.
type Layout struct {
	Screen string `json:"screen"`
	Lang   string `json:"lang"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Focus  string `json:"focus,omitempty"`
	Busy   bool   `json:"busy,omitempty"`
	Parts  []Part `json:"parts"`
}

// Part is one part's box; Text is what it shows, where the page says.
type Part struct {
	ID     string `json:"id"`
	Left   int    `json:"left"`
	Top    int    `json:"top"`
	Right  int    `json:"right"`
	Bottom int    `json:"bottom"`
	Text   string `json:"text"`
}

// LayoutMessage is the log message of a layout; its JSON follows as the
// attribute "layout".
const LayoutMessage = "the screen laid out"

// Log logs l, so a window too small for its page (a part outside the
// viewport) shows in the log, and tests can check where things are.
func (l Layout) Log(log *slog.Logger) {
	raw, _ := json.Marshal(l)
	log.Info(LayoutMessage, "layout", string(raw))
}

// Part returns the part with id, or a zero Part.
func (l Layout) Part(id string) Part {
	for _, p := range l.Parts {
		if p.ID == id {
			return p
		}
	}
	return Part{}
}

// Inside reports whether p is shown (not empty) and wholly inside l's
// viewport.
func (l Layout) Inside(p Part) bool {
	return p.Bottom > p.Top && p.Right > p.Left && p.Left >= 0 && p.Top >= 0 && p.Right <= l.Width && p.Bottom <= l.Height
}
