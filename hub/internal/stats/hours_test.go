package stats

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
)

// Qatif opens Sunday to Thursday, 07:30–14:30.
func TestWorkingDue(t *testing.T) {
	cat, err := catalogue.Load(filepath.Join("..", "..", "catalogues", "qatif.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Catalogue: cat}
	riyadh := time.FixedZone("AST", 3*60*60)
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 3, day, hh, mm, 0, 0, riyadh) } // 1 March 2026 is a Sunday
	for _, c := range []struct {
		start time.Time
		hours int
		want  time.Time
	}{
		{at(1, 8, 20), 4, at(1, 12, 20)},  // within the day
		{at(5, 13, 30), 4, at(8, 10, 30)}, // Thursday afternoon: on to Sunday
		{at(6, 10, 0), 4, at(8, 11, 30)},  // opened on a Friday: counts from Sunday's opening
		{at(1, 6, 0), 1, at(1, 8, 30)},    // before opening
		{at(1, 15, 0), 7, at(2, 14, 30)},  // after closing: a whole next day
		{at(1, 8, 20), 48, at(9, 14, 20)}, // six days and more
		{at(1, 14, 30), 1, at(2, 8, 30)},  // at closing time
	} {
		if got := src.WorkingDue("qatif", c.start, time.Duration(c.hours)*time.Hour); !got.Equal(c.want) {
			t.Errorf("%v + %d h = %v, want %v", c.start, c.hours, got.In(riyadh), c.want)
		}
	}
}
