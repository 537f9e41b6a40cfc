package pages_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// A department serving several branches sees a case reported or referred
// at any of them appear on /office live, not only those of its person's own
// branch: the Roads Department's head, of Qatif, watches a report made at
// Safwa and then one at Saihat arrive without reloading.
func TestOfficeLiveAcrossBranches(t *testing.T) {
	h := startRegion(t)
	ctx := context.Background()
	head, password, err := hubtest.AddDepartmentUser(ctx, h.Store, "qatif", "roads", true, "", "Khalid Al-Sayegh", "khalid")
	if err != nil {
		t.Fatal(err)
	}
	page := browsertest.New(t, 1366, 768)
	if err := chromedp.Do(page, chromedp.EmulateViewport(1366, 768), chromedp.Navigate(h.URL+"/office"), chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", head), chromedp.SendKeys("#password", password),
		chromedp.Click(`#signin-form button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	report := func(branch, prefix string) string {
		t.Helper()
		r, err := h.Store.OpenCase(ctx, store.Report{Branch: branch, Service: "road-defect", Category: "report",
			Channel: "online", Description: "A deep pothole", CasePrefix: prefix, Year: time.Now().Format("2006"),
			AccessCode: "7KQ2M-XD9PA", Now: time.Now(), Actor: "citizen", Department: "roads"})
		if err != nil {
			t.Fatal(err)
		}
		return r.Case
	}
	// A report at the head's own branch shows the page loaded and live.
	qatif := report("qatif", "QTF")
	waitOffice(t, page, "Qatif's report in the inbox", func(p officePage) bool { return p.Office && slices.Equal(p.Cases, []string{qatif}) })
	// A report made at another branch before the page followed it would
	// come with that branch's snapshot anyway.
	safwa := report("safwa", "SFW")
	waitOffice(t, page, "Safwa's report in the inbox, live", func(p officePage) bool { return slices.Contains(p.Cases, safwa) })
	saihat := report("saihat", "SHT")
	waitOffice(t, page, "Saihat's report in the inbox, live", func(p officePage) bool {
		return slices.Contains(p.Cases, safwa) && slices.Contains(p.Cases, saihat)
	})
}
