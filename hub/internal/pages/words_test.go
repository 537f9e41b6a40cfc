package pages_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/assets"
)

// One Arabic word for a case on every page (docs/glossary.md): معاملة,
// never the names it had before on one screen or another.
func TestPagesNameTheCaseOneWay(t *testing.T) {
	others := []string{"رقم الطلب", "رقم الحالة", "رقم البلاغ", "الحالات", "البلاغات", "حفظ البلاغ", "إغلاق البلاغ", "متابعة الحالة", "حالتك"}
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
