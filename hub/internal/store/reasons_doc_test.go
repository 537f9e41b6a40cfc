package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/words"
)

// The refusal reasons docs/protocol.md lists are exactly those the store
// can send, each under the code it is sent with, and each has an English
// and an Arabic message.
func TestRefusalReasonsDocumented(t *testing.T) {
	// What the code can send: every reason with messages (the accounts and
	// ticket_act pass theirs by name to fail()), and every fail() literal.
	sent := map[string]string{} // reason → code, where the code is known here
	for reason, m := range words.Reasons {
		sent[reason] = ""
		if m.Ar == "" || m.En == "" {
			t.Errorf("reason %s lacks a message in English or Arabic", reason)
		}
	}
	literal := regexp.MustCompile(`fail\('(\w+)', '(\w+)'\)`)
	scripts, err := filepath.Glob("lua/*.lua")
	if err != nil {
		t.Fatal(err)
	}
	var code strings.Builder
	for _, path := range scripts {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		code.Write(b)
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			if _, ok := words.Reasons[m[2]]; !ok {
				t.Errorf("%s: reason %s has no message in hub/words", path, m[2])
			}
			sent[m[2]] = m[1]
		}
	}
	gos, _ := filepath.Glob("*.go")
	for _, path := range gos {
		if path != "errors.go" && !strings.HasSuffix(path, "_test.go") {
			b, _ := os.ReadFile(path)
			code.Write(b)
		}
	}
	for reason := range words.Reasons {
		if !strings.Contains(code.String(), "'"+reason+"'") && !strings.Contains(code.String(), `"`+reason+`"`) {
			t.Errorf("reason %s has a message but nothing sends it", reason)
		}
	}

	doc, err := os.ReadFile("../../../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "## Refusal reasons")
	if !ok {
		t.Fatal("docs/protocol.md has no Refusal reasons section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	row := regexp.MustCompile("(?m)^\\| `(\\w+)` \\| `(\\w+)` \\|")
	documented := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		reason, docCode := m[2], m[1]
		documented[reason] = true
		c, ok := sent[reason]
		switch {
		case !ok:
			t.Errorf("docs/protocol.md lists reason %s, which nothing sends", reason)
		case c != "" && c != docCode:
			t.Errorf("docs/protocol.md lists reason %s under %s; it is sent as %s", reason, docCode, c)
		}
	}
	for reason := range sent {
		if !documented[reason] {
			t.Errorf("reason %s is not in docs/protocol.md's Refusal reasons", reason)
		}
	}
}
