package pages_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

const readOffice = `(() => ({
  error: document.getElementById("error").classList.contains("hidden") ? "" : document.getElementById("error").textContent,
  office: !document.getElementById("office").classList.contains("hidden"),
  who: document.getElementById("who").textContent,
  cases: [...document.querySelectorAll("#cases li")].map((li) => li.dataset.case),
  open: document.getElementById("case").classList.contains("hidden") ? "" : document.getElementById("c-number").textContent,
  assignee: document.getElementById("c-assignee").textContent,
  status: document.getElementById("c-status").textContent,
  photos: [...document.querySelectorAll("#c-photos img")].filter((i) => i.complete && i.naturalWidth > 0).length,
  place: document.getElementById("c-place").textContent,
  kinds: [...document.querySelectorAll("#c-timeline li")].map((li) => li.dataset.kind),
  people: [...document.querySelectorAll("#assignee option")].map((o) => o.value),
  width: document.documentElement.scrollWidth,
}))()`

type officePage struct {
	Error    string   `json:"error"`
	Office   bool     `json:"office"`
	Who      string   `json:"who"`
	Cases    []string `json:"cases"`
	Open     string   `json:"open"`
	Assignee string   `json:"assignee"`
	Status   string   `json:"status"`
	Photos   int      `json:"photos"`
	Place    string   `json:"place"`
	Kinds    []string `json:"kinds"`
	People   []string `json:"people"`
	Width    int      `json:"width"`
}

func waitOffice(t *testing.T, ctx context.Context, what string, ok func(officePage) bool) officePage {
	t.Helper()
	return browsertest.WaitFor(t, ctx, what, readOffice, func(p officePage) bool { return p.Error == "" && ok(p) })
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			m.Set(x, y, color.RGBA{uint8(80 + x), uint8(80 + y), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reportPothole sends a report with a photo and a position the way /report
// does, and returns the case number and access code.
func reportPothole(t *testing.T, h *hubtest.Hub) (string, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"branch": "qatif", "service": "road-defect", "description": "حفرة عميقة أمام المدرسة",
		"district": "الناصرة", "lat": "26.5650", "lng": "50.0120", "phone": "0501234567", "request_id": "pothole-1"} {
		w.WriteField(k, v)
	}
	part, _ := w.CreateFormFile("photos", "pothole.png")
	part.Write(testPNG(t))
	w.Close()
	res, err := http.Post(h.URL+"/api/v1/reports", w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Case       string `json:"case"`
		AccessCode string `json:"access_code"`
	}
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated || json.Unmarshal(raw, &out) != nil {
		t.Fatalf("report: %d %s", res.StatusCode, raw)
	}
	return out.Case, out.AccessCode
}

// openCase clicks a case in the list from within the page: the list is
// redrawn whenever an event arrives, so a node found a moment earlier may
// be gone by the time a click from outside reaches it.
func openCase(t *testing.T, ctx context.Context, number string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, "a click on "+number,
		`(() => { const li = document.querySelector('#cases li[data-case="`+number+`"]'); if (li) li.click(); return !!li })()`,
		func(clicked bool) bool { return clicked })
}

// keepScreenshot copies a screenshot of the run into docs/images, where the
// README shows it.
func keepScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := os.ReadFile(browsertest.Screenshot(t, ctx, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hubtest.Root(), "docs", "images", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A pothole reported from a phone reaches the Roads inbox live; the head
// assigns it; the inspector, on a phone, asks the citizen for more, the
// citizen answers on /track's API, and the inspector responds and
// resolves. The citizen reads the whole public story and none of the
// internal steps.
func TestOfficeReportToResolution(t *testing.T) {
	h := hubtest.Start(t)
	st := context.Background()
	head, headPassword, err := hubtest.AddDepartmentUser(st, h.Store, "qatif", "roads", true, "", "Khalid Al-Sayegh", "khalid")
	if err != nil {
		t.Fatal(err)
	}
	inspector, inspectorPassword, err := hubtest.AddDepartmentUser(st, h.Store, "qatif", "roads", false, "", "Omar Al-Ali", "omar")
	if err != nil {
		t.Fatal(err)
	}

	ctx := browsertest.New(t, 1366, 768)
	signIn := func(user, password string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+"/office"), chromedp.WaitVisible("#username"),
			chromedp.SendKeys("#username", user), chromedp.SendKeys("#password", password),
			chromedp.Click(`#signin-form button[type="submit"]`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	signIn(head, headPassword)
	waitOffice(t, ctx, "the head's inbox", func(p officePage) bool {
		return p.Office && strings.Contains(p.Who, "إدارة الطرق") && slices.Contains(p.People, inspector)
	})

	// The report arrives while the page is open.
	number, code := reportPothole(t, h)
	waitOffice(t, ctx, "the report in the unassigned inbox, live", func(p officePage) bool { return slices.Equal(p.Cases, []string{number}) })

	openCase(t, ctx, number)
	p := waitOffice(t, ctx, "the case open", func(p officePage) bool { return p.Open == number && p.Photos == 1 })
	if !strings.Contains(p.Place, "26.56500, 50.01200") {
		t.Errorf("the position %q", p.Place)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue("#assignee", inspector), chromedp.Click(`[data-act="assign"]`)); err != nil {
		t.Fatal(err)
	}
	waitOffice(t, ctx, "assigned to the inspector, gone from the unassigned", func(p officePage) bool {
		return p.Assignee == inspector && slices.Contains(p.Kinds, "assigned") && len(p.Cases) == 0
	})
	keepScreenshot(t, ctx, "office")
	if err := chromedp.Do(ctx, chromedp.Click("#signout")); err != nil {
		t.Fatal(err)
	}

	// The inspector, on a phone.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	signIn(inspector, inspectorPassword)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(`[data-view="mine"]`), chromedp.Click(`[data-view="mine"]`)); err != nil {
		t.Fatal(err)
	}
	waitOffice(t, ctx, "the inspector's cases", func(p officePage) bool { return slices.Equal(p.Cases, []string{number}) })
	openCase(t, ctx, number)
	p = waitOffice(t, ctx, "the case on the phone", func(p officePage) bool { return p.Open == number && p.Photos == 1 })
	if p.Width > 390 {
		t.Errorf("the page is %d px wide on a 390 px phone", p.Width)
	}
	// V picks a site inspection: findings, a photo from the phone's camera,
	// its position, public.
	photoFile := filepath.Join(t.TempDir(), "visit.png")
	if err := os.WriteFile(photoFile, testPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#c-number"), chromedp.KeyEvent("v"),
		chromedp.SendKeys("#text", "حفرة بقطر ٤٠ سم وعمق ١٥ سم أمام المدرسة"),
		chromedp.SetUploadFiles("#photos", []string{photoFile}),
		chromedp.SetValue("#lat", "26.565100"), chromedp.SetValue("#lng", "50.012300"), chromedp.Click("#public"),
		chromedp.Click(`#act-form button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	waitOffice(t, ctx, "the inspection recorded", func(p officePage) bool { return slices.Contains(p.Kinds, "inspection") && p.Photos == 2 })

	// I picks "request information" and focuses the text; Ctrl+Enter sends.
	if err := chromedp.Do(ctx, chromedp.Click("#c-number"), chromedp.KeyEvent("i"),
		chromedp.SendKeys("#text", "أرسل صورة قريبة للحفرة من فضلك"), chromedp.Click(`#act-form button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	waitOffice(t, ctx, "information requested", func(p officePage) bool { return slices.Contains(p.Kinds, "info_request") })
	keepScreenshot(t, ctx, "office-phone")

	// The citizen, on /track, reads where the case is and answers.
	if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+"/track?case="+number+"&code="+code), chromedp.WaitVisible("#reply")); err != nil {
		t.Fatal(err)
	}
	sentence, err := chromedp.Run(ctx, chromedp.Text("#sentence"))
	if err != nil || !strings.Contains(sentence, "معاملتك لدى إدارة الطرق") {
		t.Fatalf("/track says %q (%v): want the department named", sentence, err)
	}
	referral, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#timeline li[data-kind="info_request"]') ? "" : "none"`))
	if err != nil || referral != "" {
		t.Fatalf("the information request on /track: %q %v", referral, err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys("#reply-text", "الحفرة بعمق ٣٠ سم تقريباً"),
		chromedp.Click("#reply button[type=submit]"), chromedp.WaitVisible("#done")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+"/office"), chromedp.WaitVisible(`[data-view="mine"]`),
		chromedp.Click(`[data-view="mine"]`)); err != nil {
		t.Fatal(err)
	}
	waitOffice(t, ctx, "the inspector's cases again", func(p officePage) bool { return slices.Equal(p.Cases, []string{number}) })
	openCase(t, ctx, number)
	waitOffice(t, ctx, "the citizen's answer", func(p officePage) bool { return p.Open == number && slices.Contains(p.Kinds, "citizen_reply") })

	for _, step := range []struct{ key, text, kind string }{
		{"r", "سيُصلح فريق الطرق الحفرة هذا الأسبوع", "response"},
		{"s", "أُصلحت الحفرة وأُعيد سفلتة الموقع", "resolved"},
	} {
		if err := chromedp.Do(ctx, chromedp.Click("#c-number"), chromedp.KeyEvent(step.key),
			chromedp.SendKeys("#text", step.text), chromedp.Click(`#act-form button[type="submit"]`)); err != nil {
			t.Fatal(err)
		}
		waitOffice(t, ctx, step.kind, func(p officePage) bool { return slices.Contains(p.Kinds, step.kind) })
	}

	var public protocol.Case
	h.Do(t, "GET", "/api/v1/cases/"+number+"?code="+code, "", "", http.StatusOK, &public)
	var kinds []string
	for _, e := range public.Timeline {
		kinds = append(kinds, e.Kind)
	}
	want := []string{"opened", "photos", "inspection", "info_request", "citizen_reply", "response", "response", "resolved"}
	if !slices.Equal(kinds, want) || public.Status != protocol.CaseResolved || public.Department != "roads" || public.Assignee != "" {
		t.Fatalf("the citizen reads %v (%s, %q, %q), want %v", kinds, public.Status, public.Department, public.Assignee, want)
	}

	// The public figures count it: received and resolved by the Roads
	// Department, within its target.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768), chromedp.Navigate(h.URL+"/performance/qatif")); err != nil {
		t.Fatal(err)
	}
	row := browsertest.WaitFor(t, ctx, "the Roads Department on /performance",
		`[...document.querySelectorAll('#departments tr[data-code="roads"] td')].map((td) => td.textContent)`,
		func(cells []string) bool { return len(cells) == 11 })
	if row[0] != "إدارة الطرق" || row[1] != "1" || row[2] != "1" || !strings.HasPrefix(row[7], "100%") || row[10] != "0" {
		t.Fatalf("/performance shows roads as %q", row)
	}
	keepScreenshot(t, ctx, "performance")
}
