package catalogue

import "testing"

// Dates published by the Umm al-Qura calendar (ummulqura.org.sa).
var ummAlQura = []struct{ hijri, gregorian string }{
	{"1445-09-01", "2024-03-11"}, // 1 Ramadan 1445
	{"1445-10-01", "2024-04-10"}, // Eid al-Fitr 1445
	{"1446-01-01", "2024-07-07"}, // 1 Muharram 1446
	{"1446-09-01", "2025-03-01"}, // 1 Ramadan 1446
	{"1447-09-01", "2026-02-18"}, // 1 Ramadan 1447
}

func TestHijriDates(t *testing.T) {
	for _, d := range ummAlQura {
		got, err := calendarDate("hijri:" + d.hijri)
		if err != nil || got != d.gregorian {
			t.Errorf("hijri:%s = %q, %v; want %s", d.hijri, got, err, d.gregorian)
		}
		if back := Hijri(d.gregorian); back != d.hijri {
			t.Errorf("Hijri(%s) = %q, want %s", d.gregorian, back, d.hijri)
		}
	}
}

func TestBadCalendarDates(t *testing.T) {
	for _, s := range []string{"2026-02-30", "1447-09-01x", "hijri:1447-13-01", "hijri:1447-09-31",
		"hijri:1200-01-01", "2026/03/01", "hijri:", ""} {
		if got, err := calendarDate(s); err == nil {
			t.Errorf("calendarDate(%q) = %q, want an error", s, got)
		}
	}
	// A month of 29 days has no 30th.
	for m := 1; m <= 12; m++ {
		if _, ok := fromHijri(1447, m, 30); !ok {
			continue
		}
		if _, ok := fromHijri(1447, m, 29); !ok {
			t.Errorf("1447-%02d has a 30th but no 29th", m)
		}
	}
	short := 0
	for m := 1; m <= 12; m++ {
		if _, ok := fromHijri(1447, m, 30); !ok {
			short++
		}
	}
	if short == 0 || short == 12 {
		t.Errorf("1447 has %d months of 29 days; a lunar year has some of each", short)
	}
}
