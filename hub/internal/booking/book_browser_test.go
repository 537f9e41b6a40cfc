package booking_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
)

// TestBookPageOnAPhone books an appointment on /book from a phone-sized
// viewport, sees its QR code, changes its time, cancels it and books again.
func TestBookPageOnAPhone(t *testing.T) {
	h := hubtest.Start(t)
	ctx := browsertest.New(t, 390, 844)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(s)
	}
	// pick taps the nth free slot (from 0) shown in a picker.
	pick := func(box string, n int) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll("`+box+
			` .slot:not(:disabled)")[`+string(rune('0'+n))+`].click(); true`)); err != nil {
			t.Fatal(err)
		}
	}
	book := func(screenshot string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitVisible("#book"), chromedp.Click(`input[value="building-permit"]`),
			chromedp.WaitVisible(`#book-slots .slot`)); err != nil {
			t.Fatal(err)
		}
		pick("#book-slots", 0)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("phone").value = ""; true`)); err != nil {
			t.Fatal(err)
		}
		if screenshot != "" {
			browsertest.Screenshot(t, ctx, screenshot)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys("#phone", "0501234567"), chromedp.Click("#book-btn"),
			chromedp.WaitVisible("#number"), chromedp.WaitVisible("#qr")); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(h.URL+"/book/qatif")); err != nil {
		t.Fatal(err)
	}
	book("book-slots")
	if got := text("#number"); got != "qatif-B000001" {
		t.Fatalf("number %q", got)
	}
	if got := text("#state"); got != "موعدك محجوز." {
		t.Fatalf("state %q", got)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#qr").naturalWidth > 0`))
	if err != nil || !loaded {
		t.Fatalf("QR image not loaded: %v", err)
	}
	browsertest.Screenshot(t, ctx, "book")

	// Another time: the second free slot offered.
	first := text("#when")
	if err := chromedp.Do(ctx, chromedp.Click("#change"), chromedp.WaitVisible(`#change-slots .slot`)); err != nil {
		t.Fatal(err)
	}
	pick("#change-slots", 1)
	if err := chromedp.Do(ctx, chromedp.Click("#change-btn")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#when").textContent !== `+jsString(first)+
		` && document.querySelector("#change-box").classList.contains("hidden")`)); err != nil {
		t.Fatalf("the time did not change from %s: %v", first, err)
	}
	if got := text("#number"); got != "qatif-B000001" {
		t.Fatalf("number after the change %q", got)
	}

	// English is one tap away.
	if err := chromedp.Do(ctx, chromedp.Click("#lang")); err != nil {
		t.Fatal(err)
	}
	if got := text("#state"); got != "Your appointment is booked." {
		t.Fatalf("English state %q", got)
	}
	// Cancel (the page asks first; the test accepts), then book again.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#cancel"), chromedp.WaitVisible("#again")); err != nil {
		t.Fatal(err)
	}
	if got := text("#state"); got != "The appointment is cancelled." {
		t.Fatalf("after cancel %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#again")); err != nil {
		t.Fatal(err)
	}
	book("")
	if got := text("#number"); got != "qatif-B000002" {
		t.Fatalf("booked again: number %q", got)
	}
}

func jsString(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "`", "\\`") + "`"
}
