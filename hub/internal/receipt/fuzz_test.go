package receipt

import (
	"io/fs"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/shamil-municipal/shamil/assets"
)

// FuzzFont feeds damaged font files to the TrueType reader and to unhint:
// they must return an error, never panic.
func FuzzFont(f *testing.F) {
	data, err := fs.ReadFile(assets.Fonts(), "NotoSans-Regular.ttf")
	if err != nil {
		f.Fatal(err)
	}
	small := fpdf.UTF8CutFont(data, "A-042")
	f.Add(small)
	f.Add(small[:len(small)/2])
	f.Add([]byte{0, 1, 0, 0, 0, 9})
	f.Fuzz(func(t *testing.T, font []byte) {
		_, _ = parseTTF(font)
		if out, err := unhint(font); err == nil {
			if _, err := tableDirectory(out); err != nil {
				t.Fatalf("unhint wrote an unreadable font: %v", err)
			}
		}
	})
}
