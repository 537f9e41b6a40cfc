package pages_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// measureDisplay finds every element that runs out of its panel, and
// reads the sizes of the Arabic and English labels and the date.
const measureDisplay = `(() => {
  const out = [];
  for (const panel of document.querySelectorAll(".bar, .now, .side, .transfers, .waiting")) {
    const p = panel.getBoundingClientRect();
    for (const el of panel.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < p.left - 1 || r.right > p.right + 1 || r.top < p.top - 1 || r.bottom > p.bottom + 1) {
        out.push((panel.className + " > " + el.tagName + "." + el.className + " " + el.textContent).slice(0, 80));
      }
    }
  }
  const size = (sel) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize);
  return {
    overflowing: out,
    previous: document.querySelectorAll("#previous li").length,
    calls: window.shamilDisplay ? shamilDisplay.state.calls.length : 0,
    arabic: size(".side .label .ar"),
    english: size(".side .label .en"),
    date: document.getElementById("date").textContent,
  };
})()`

type displayBoxes struct {
	Overflowing []string `json:"overflowing"`
	Previous    int      `json:"previous"`
	Calls       int      `json:"calls"`
	Arabic      float64  `json:"arabic"`
	English     float64  `json:"english"`
	Date        string   `json:"date"`
}

// With a current call and 8 previous ones, at 1080p and at 4K, no element
// runs out of its panel: the previous calls shown are the rows that fit
// whole. English labels are near the Arabic ones' size, and the date is
// Gregorian and Hijri.
func TestHallDisplayFits(t *testing.T) {
	h := hubtest.Start(t)
	kiosk := h.Device(t, protocol.RoleKiosk)
	display := h.Device(t, protocol.RoleDisplay)
	for range 9 {
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	}
	var desks []desk
	for i := 1; i <= 6; i++ {
		desks = append(desks, openDesk(t, h, fmt.Sprintf("officer%d", i), fmt.Sprint(i)))
	}
	for _, d := range desks {
		d.callNext(t)
	}
	for _, d := range desks[:3] {
		var s protocol.Snapshot
		h.Do(t, "GET", "/api/v1/branches/qatif/queue", d.token, "", http.StatusOK, &s)
		for _, dk := range s.Desks {
			if dk.ID == d.id {
				d.post(t, "tickets/"+dk.Ticket+"/serve", "")
				d.post(t, "tickets/"+dk.Ticket+"/complete", "")
			}
		}
		d.callNext(t)
	}

	for _, size := range [][2]int{{1920, 1080}, {3840, 2160}} {
		t.Run(fmt.Sprintf("%d×%d", size[0], size[1]), func(t *testing.T) {
			ctx := browsertest.New(t, size[0], size[1])
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(size[0]), int64(size[1])),
				chromedp.Navigate(h.URL+"/display/qatif?token="+display)); err != nil {
				t.Fatal(err)
			}
			waitCaughtUp(t, ctx)
			b := browsertest.WaitFor(t, ctx, "nine calls on the board", measureDisplay, func(b displayBoxes) bool { return b.Calls >= 9 && b.Previous > 0 })
			browsertest.Screenshot(t, ctx, fmt.Sprintf("display-%dx%d", size[0], size[1]))
			for _, o := range b.Overflowing {
				t.Errorf("out of its panel: %s", o)
			}
			if b.Previous < 4 {
				t.Errorf("%d previous calls shown, want at least 4", b.Previous)
			}
			if b.English < 0.8*b.Arabic {
				t.Errorf("English labels are %.0f px beside %.0f px Arabic", b.English, b.Arabic)
			}
			if !strings.Contains(b.Date, "هـ") || !strings.Contains(b.Date, " AH") {
				t.Errorf("the date %q is not Gregorian and Hijri", b.Date)
			}
		})
	}
}
