package pages_test

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/words"
)

// One Arabic word for a case on every page (docs/glossary.md): معاملة,
// never the names it had before on one screen or another.
func TestPagesNameTheCaseOneWay(t *testing.T) {
	// The catalogue's list, and the names of a page's own actions on it.
	others := append(words.NotTheCase, "البلاغات", "حفظ البلاغ", "إغلاق البلاغ")
	web := assets.Web()
	err := fs.WalkDir(web, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (path.Ext(name) != ".js" && path.Ext(name) != ".html") || strings.HasPrefix(name, "vendor/") {
			return err
		}
		raw, err := fs.ReadFile(web, name)
		if err != nil {
			return err
		}
		for _, word := range others {
			if strings.Contains(string(raw), word) {
				t.Errorf("%s says %q: a case is معاملة (رقم المعاملة)", name, word)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The words the pages share (the statuses, the sign-in form's, the language
// button) come from one place, shared/words.js, generated from the Go
// catalogue that WhatsApp, SMS and receipts use: no page defines one of
// those keys again, and no page spells a status's Arabic name itself.
func TestPagesTakeSharedWordsFromTheCatalogue(t *testing.T) {
	shared := words.Page()
	statuses := map[string]bool{}
	for _, w := range words.CaseStatuses {
		statuses[w.Ar] = true
	}
	for _, w := range words.TicketStates {
		statuses[w.Ar] = true
	}
	for _, w := range words.DeskStates {
		statuses[w.Ar] = true
	}
	key := regexp.MustCompile(`(?m)(?:^|[{,])\s*([a-z_][a-z0-9_]*): "([^"]*)"`)
	web := assets.Web()
	err := fs.WalkDir(web, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".js" || strings.HasPrefix(name, "vendor/") || name == "shared/words.js" {
			return err
		}
		raw, err := fs.ReadFile(web, name)
		if err != nil {
			return err
		}
		for _, m := range key.FindAllStringSubmatch(string(raw), -1) {
			if _, ok := shared[m[1]]; ok {
				t.Errorf("%s defines %s again: it is in shared/words.js (hub/words)", name, m[1])
			}
			if statuses[m[2]] {
				t.Errorf("%s spells the status %q itself (key %s): use its key in shared/words.js", name, m[2], m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
