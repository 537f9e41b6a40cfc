package catalogue

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// RemovedBy names what a new version drops, and Replace swaps the whole
// catalogue behind the same handle.
func TestRemovedByAndReplace(t *testing.T) {
	data, err := os.ReadFile("../../catalogues/qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(data, "qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := replaceOnce(t, string(data), `      - { id: "4", name: { ar: مكتب ٤, en: Desk 4 } }`+"\n", "")
	start := strings.LastIndex(text, "  - code: suggestion\n") // the last service, not the category
	next, err := Parse([]byte(text[:start]), "qatif.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := Removed{Desks: map[string][]string{"qatif": {"4"}}, Services: []string{"suggestion"}}
	if got := c.RemovedBy(next); !reflect.DeepEqual(got, want) {
		t.Fatalf("RemovedBy = %+v, want %+v", got, want)
	}
	if got := next.RemovedBy(c); len(got.Branches)+len(got.Desks)+len(got.Services)+len(got.Departments) != 0 {
		t.Fatalf("adding removes %+v", got)
	}

	handle, before := c, c.Version()
	handle.Replace(next)
	if _, ok := c.Desk("qatif", "4"); ok || c.Version() == before || c.Version() != next.Version() {
		t.Fatalf("after Replace: desk 4 still there or version %s unchanged", c.Version())
	}
}
