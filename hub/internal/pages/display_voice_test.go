package pages_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// noVoices makes the browser report no speech voice at all, as on a TV
// without speech packages, in every page loaded afterwards.
func noVoices(ctx context.Context, tt *chromedp.Target) error {
	_, err := cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `speechSynthesis.getVoices = () => [];`,
	})
	return err
}

// Without a speech voice the display reads calls out from the hub's
// recorded clips: Arabic then English, word by word, one call after the
// other and never overlapping.
func TestDisplayVoiceFallback(t *testing.T) {
	h := hubtest.Start(t)
	display := h.Device(t, protocol.RoleDisplay)
	kiosk := h.Device(t, protocol.RoleKiosk)
	for range 2 {
		h.Do(t, "POST", "/api/v1/branches/qatif/tickets", kiosk, `{"service":"road-defect"}`, http.StatusCreated, nil)
	}
	sara, omar := openDesk(t, h, "sara", "1"), openDesk(t, h, "omar", "2")

	ctx := browsertest.New(t, 1280, 720)
	if err := chromedp.Do(ctx, chromedp.Func(noVoices), chromedp.Navigate(h.URL+"/display/qatif?token="+display)); err != nil {
		t.Fatal(err)
	}
	waitBoard(t, ctx, "connected", func(b board) bool { return !b.Banner && b.Waiting == "2" })
	waitCaughtUp(t, ctx)

	// Two calls in quick succession: the second waits for the first.
	t1, t2 := sara.callNext(t), omar.callNext(t)
	var want []string
	for _, call := range []struct {
		ticket protocol.Ticket
		desk   string
	}{{t1, "1"}, {t2, "2"}} {
		for _, lang := range []string{"ar", "en"} {
			clips := append([]string{"number"}, spelled(call.ticket.Number)...)
			clips = append(append(clips, "go_to", "desk"), call.desk)
			for _, c := range clips {
				want = append(want, "voice/"+lang+"/"+c+".ogg")
			}
		}
	}
	type played struct {
		Played []string `json:"played"`
		Failed []string `json:"failed"`
	}
	// Reading both calls out takes about 20 s.
	var got played
	wait.Succeeds(t, 40*time.Second, "both calls read out", func() error {
		var err error
		got, err = chromedp.Run(ctx, chromedp.Evaluate[played](`({played: shamilDisplay.clipsPlayed, failed: shamilDisplay.clipsFailed})`))
		if err != nil {
			t.Fatalf("clips played: %v", err)
		}
		if len(got.Played) < len(want) {
			return fmt.Errorf("clips played: %q, want %q", got.Played, want)
		}
		return nil
	})
	if !slices.Equal(got.Played, want) {
		t.Fatalf("clips played:\n%q\nwant\n%q", got.Played, want)
	}
	if len(got.Failed) != 0 {
		t.Fatalf("clips that did not play: %q", got.Failed)
	}
}

// spelled is how the display reads a ticket number: "A-042" → a, 4, 2.
func spelled(number string) []string {
	var out []string
	digits := false
	for _, r := range number {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, string(r+'a'-'A'))
		case r == '0' && !digits:
		case r >= '0' && r <= '9':
			digits = true
			out = append(out, string(r))
		}
	}
	return out
}
