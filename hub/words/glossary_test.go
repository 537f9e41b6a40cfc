package words

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// No Go text of the hub or the apps calls a case by a name it had before:
// it is معاملة (رقم المعاملة) in every message, as on every page.
func TestGoTextsNameTheCaseOneWay(t *testing.T) {
	root := "../.."
	for _, dir := range []string{"hub", "desk", "kiosk"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "glossary.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, word := range NotTheCase {
				if strings.Contains(string(src), word) {
					t.Errorf("%s says %q: a case is معاملة (رقم المعاملة)", path, word)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
