package admin_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/browsertest"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

type addPage struct {
	Error   string `json:"error"`
	Secret  string `json:"secret"`
	Devices string `json:"devices"`
	Users   string `json:"users"`
	Keys    string `json:"keys"`
	Audit   string `json:"audit"`
	Options int    `json:"options"`
}

const readAddPage = `(() => ({
  error: document.getElementById("error").classList.contains("hidden") ? "" : document.getElementById("error").textContent,
  secret: document.getElementById("secret").classList.contains("hidden") ? "" : document.getElementById("secret").textContent,
  devices: document.getElementById("devices").textContent,
  users: document.getElementById("users").textContent,
  keys: document.getElementById("apikeys").textContent,
  audit: document.getElementById("audit").textContent,
  options: document.querySelectorAll("#add-device select.branches option").length,
}))()`

// secretIn is the secret the yellow box shows once: the text after the
// last ": ".
var secretIn = regexp.MustCompile(`: (\S+)$`)

// An admin adds, in /admin, a kiosk (its token works), a department's
// head with her mobile number (her password signs in; overdue cases are
// told to the mobile) and an Open311 key (it is accepted); each secret is
// shown once, each addition is audited. A manager with a region that is not
// another branch, and a head with a mobile number that is not Saudi, are
// refused naming the field, and no one is added.
func TestAdminAdds(t *testing.T) {
	h := hubtest.Start(t)
	ctx := context.Background()
	root, password, err := hubtest.AddUser(ctx, h.Store, "qatif", protocol.RoleAdmin, "مدير النظام", "root")
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, 1366, 768)
	// do runs steps, failing rather than waiting for ever on an element
	// that does not show.
	do := func(steps ...chromedp.Action[chromedp.Void]) error {
		ctx, cancel := context.WithTimeout(b, time.Minute)
		defer cancel()
		return chromedp.Do(ctx, steps...)
	}
	if err := do(chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(h.URL+"/admin/"),
		chromedp.SendKeys("#username", root),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`#signin-form button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	// role chooses a person's role as a click would, showing its fields.
	role := func(r string) {
		t.Helper()
		js := `(() => { const f = document.getElementById("add-person"); f.reset(); f.elements.role.value = "` + r +
			`"; f.elements.role.dispatchEvent(new Event("change")); return true })()`
		if _, err := chromedp.Run(b, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(what string, ok func(addPage) bool) addPage {
		return browsertest.WaitFor(t, b, what, readAddPage, ok)
	}
	wait("the branches to choose from", func(p addPage) bool { return p.Options == 1 })
	secret := func(what, before string) string {
		p := wait(what, func(p addPage) bool { return p.Secret != "" && p.Secret != before && p.Error == "" })
		m := secretIn.FindStringSubmatch(p.Secret)
		if m == nil {
			t.Fatalf("%s: %+v", what, p)
		}
		return m[1]
	}

	// A kiosk: its token, shown once, opens the hub.
	if err := do(
		chromedp.SetValue(`#add-device select[name="kind"]`, "kiosk"),
		chromedp.SetValue(`#add-device input[name="name"]`, "كشك الصالة ٢"),
		chromedp.Click(`#add-device button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	token := secret("the kiosk's token", "")
	h.Do(t, "GET", "/api/v1/catalogue", token, "", http.StatusOK, nil)
	devices, err := h.Store.ListDevices(ctx, "qatif")
	if err != nil || len(devices) != 1 || devices[0].Name != "كشك الصالة ٢" || devices[0].Role != protocol.RoleKiosk {
		t.Fatalf("devices: %+v %v", devices, err)
	}
	shown := wait("the kiosk listed", func(p addPage) bool { return strings.Contains(p.Devices, "كشك الصالة ٢") }).Secret

	// A manager whose region is their own branch: refused, no one added.
	role("manager")
	if err := do(
		chromedp.SendKeys(`#add-person input[name="region"]`, "qatif"),
		chromedp.SetValue(`#add-person input[name="name"]`, "خالد"),
		chromedp.SendKeys(`#add-person input[name="username"]`, "khalid"),
		chromedp.Click(`#add-person button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	wait("the region refused", func(p addPage) bool { return strings.Contains(p.Error, "ليس فرعاً آخر") })
	if users, err := h.Store.ListUsers(ctx, ""); err != nil || len(users) != 1 {
		t.Fatalf("a refused person was added: %+v %v", users, err)
	}

	// A department's head with a mobile number that is not Saudi: refused
	// naming the field, no one added.
	role("department")
	if err := do(
		chromedp.SetValue(`#add-person select[name="department"]`, "roads"),
		chromedp.Click(`#add-person input[name="head"]`),
		chromedp.SendKeys(`#add-person input[name="mobile"]`, "12345"),
		chromedp.SetValue(`#add-person input[name="name"]`, "هدى الزهراني"),
		chromedp.SendKeys(`#add-person input[name="username"]`, "huda"),
		chromedp.Click(`#add-person button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	wait("the mobile refused", func(p addPage) bool { return strings.Contains(p.Error, "أدخل رقم جوال سعودي") })
	if users, err := h.Store.ListUsers(ctx, ""); err != nil || len(users) != 1 {
		t.Fatalf("a refused head was added: %+v %v", users, err)
	}
	// The same with her mobile number: her password, shown once, signs her
	// in, and overdue cases of roads are told to her mobile.
	if err := do(chromedp.SetValue(`#add-person input[name="mobile"]`, "0551234567")); err != nil {
		t.Fatal(err)
	}
	browsertest.Screenshot(t, b, "admin-add-head")
	if err := do(chromedp.Click(`#add-person button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	hudaPassword := secret("huda's password", shown)
	wait("huda's password shown with her username", func(p addPage) bool { return strings.HasPrefix(p.Secret, "كلمة مرور huda ") })
	heads, err := h.Store.DepartmentHeads(ctx, "roads")
	if err != nil || len(heads) != 1 || heads[0].Username != "huda" || heads[0].Mobile != "+966551234567" {
		t.Fatalf("the heads of roads: %+v %v", heads, err)
	}
	var session struct {
		Role       string `json:"role"`
		Department string `json:"department"`
	}
	h.Do(t, "POST", "/api/v1/sessions", "", `{"username":"huda","password":"`+hudaPassword+`"}`, http.StatusCreated, &session)
	if session.Role != "department" {
		t.Fatalf("huda signed in as %+v", session)
	}
	shown = wait("huda listed", func(p addPage) bool { return strings.Contains(p.Users, "هدى الزهراني") }).Secret

	// An Open311 key: accepted.
	if err := do(
		chromedp.SetValue(`#add-apikey input[name="name"]`, "تطبيق بلدي"),
		chromedp.Click(`#add-apikey button[type="submit"]`)); err != nil {
		t.Fatal(err)
	}
	key := secret("the Open311 key", shown)
	if info, err := h.Store.CheckAPIKey(ctx, key); err != nil || info.Name != "تطبيق بلدي" {
		t.Fatalf("the key: %+v %v", info, err)
	}
	p := wait("all three audited", func(p addPage) bool {
		return strings.Contains(p.Keys, "تطبيق بلدي") && strings.Contains(p.Audit, "device_add") &&
			strings.Contains(p.Audit, "user_add") && strings.Contains(p.Audit, "apikey_add")
	})
	for _, s := range []string{token, hudaPassword, key} {
		if strings.Contains(p.Audit, s) {
			t.Fatal("a secret is in the audit log")
		}
	}

	// The catalogue reload button answers with the version in use.
	if err := do(chromedp.Click(`#reload`)); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, b, "the catalogue reloaded", `document.getElementById("reloaded").textContent`,
		func(s string) bool { return strings.Contains(s, "الإصدار") })

	for _, v := range browsertest.Axe(t, b) {
		t.Errorf("the console with its forms: %s", v)
	}

	shot := browsertest.Screenshot(t, b, "admin-add")
	if png, err := os.ReadFile(shot); err == nil && os.Getenv("SHAMIL_UPDATE_DOCS") != "" {
		os.WriteFile(filepath.Join(hubtest.Root(), "docs", "images", "admin-add.png"), png, 0o644)
	}
}
