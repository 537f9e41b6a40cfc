package catalogue

import (
	"os"
	"testing"
)

// FuzzParse checks that no catalogue file, however broken, makes Parse panic,
// and that every file it accepts answers its lookups.
func FuzzParse(f *testing.F) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(validFile))
	f.Add([]byte(""))
	f.Add([]byte("{}"))
	f.Add([]byte("branches: [{id: a, hours: [{days: [sun], open: '23:00', close: '23:59'}]}]"))
	f.Add([]byte("a: &x [*x]"))
	f.Add([]byte("branches: *x"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml")
		if err != nil {
			return
		}
		for _, b := range c.Wire().Branches {
			if _, ok := c.BranchByCasePrefix(b.CasePrefix); !ok {
				t.Errorf("branch %q not found by its case prefix", b.ID)
			}
			c.Open(b.ID, fixedTime)
			c.Day(b.ID, fixedTime)
		}
	})
}
