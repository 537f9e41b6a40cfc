package citizen

import (
	"errors"
	"math"
	"testing"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// FuzzPosition feeds the inspection form's position untrusted text: it
// never panics, and gives both coordinates in range, none, or a location
// error.
func FuzzPosition(f *testing.F) {
	for _, s := range [][2]string{{"26.5", "50.0"}, {"", ""}, {"26.5", ""}, {"NaN", "Inf"}, {"NaN", "50"}, {"1e309", "-0"}, {"x", "y"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, lat, lng string) {
		loc, err := position(lat, lng)
		var pe *protocol.Error
		switch {
		case err != nil && (!errors.As(err, &pe) || pe.Field != "location"):
			t.Fatalf("position(%q, %q) = %v", lat, lng, err)
		case err == nil && loc != nil && (loc.Lat == nil || loc.Lng == nil || math.IsNaN(*loc.Lat) || math.IsInf(*loc.Lng, 0) || *loc.Lat < -90 || *loc.Lat > 90):
			t.Fatalf("position(%q, %q) gave an invalid location", lat, lng)
		}
	})
}
