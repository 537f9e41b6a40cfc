package pages_test

import (
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/desktop"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
)

// The kiosk's mobile number field keeps Western digits: Arabic-Indic ones
// typed or scanned into it are shown as Western digits, anything else is
// dropped. (The page, served as the app serves it, in Chromium.)
func TestKioskPhoneShowsWesternDigits(t *testing.T) {
	app := httptest.NewServer(desktop.Pages(assets.Web(), "/kiosk/index.html"))
	t.Cleanup(app.Close)
	ctx := browsertest.New(t, 1080, 1920)
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL), chromedp.WaitVisible("#setup-form")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const phone = document.getElementById("d-phone");
  phone.value = "٠٥٠ ۱۲٣-4567";
  phone.dispatchEvent(new Event("input"));
  return phone.value;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	if shown != "0501234567" {
		t.Errorf("the field shows %q, want 0501234567", shown)
	}
}
