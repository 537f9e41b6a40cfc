package words

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// saysWords are the packages (their folders, from the repository's root)
// whose every message comes from this catalogue, each with the files that
// may still hold Arabic and why.
var saysWords = map[string]map[string]string{
	"hub/internal/actions": nil,
	"hub/internal/admin":   nil,
	"hub/internal/auth":    nil,
	"hub/internal/citizen": nil,
	"hub/internal/notify":  nil,
	"hub/internal/open311": nil,
	"hub/internal/pages":   nil,
	"hub/internal/reload":  nil,
	"hub/internal/store":   nil,
	"hub/internal/ratelimit": {
		"units.go": "the units of a wait in Arabic's singular, dual and plural: grammar data around which words.TryAgainIn is the sentence",
	},
	"hub/internal/receipt": {
		"grammar.go": "Arabic's counted forms of people and minutes (dual, plural) and the Hijri months' names: grammar and calendar data",
	},
	"hub/internal/whatsapp": {
		"report.go": "reads a menu answer typed in Arabic-Indic or Persian digits, or after an Arabic comma",
	},
	"desk":                 nil,
	"desk/internal/desk":   nil,
	"kiosk":                nil,
	"kiosk/internal/kiosk": nil,
}

var arabic = regexp.MustCompile(`[\x{0600}-\x{06FF}]`)

// No Go file of those packages writes Arabic of its own: a message is a
// Text here, both languages together, so the same thing is said the same
// way on every channel.
func TestWordsOnlyInTheCatalogue(t *testing.T) {
	for pkg, allowed := range saysWords {
		files, err := filepath.Glob(filepath.Join("../..", pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", pkg, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || allowed[filepath.Base(f)] != "" {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(string(src), "\n") {
				if arabic.MatchString(line) {
					t.Errorf("%s:%d has Arabic of its own: put the words in hub/words: %s", f, i+1, strings.TrimSpace(line))
				}
			}
		}
	}
}
