package receipt

import (
	"testing"
	"time"
)

func TestAheadText(t *testing.T) {
	tests := []struct {
		n      int
		ar, en string
	}{
		{0, "لا أحد أمامك، دورك التالي", "You are next"},
		{1, "أمامك شخص واحد", "1 person ahead of you"},
		{2, "أمامك شخصان", "2 people ahead of you"},
		{3, "أمامك 3 أشخاص", "3 people ahead of you"},
		{10, "أمامك 10 أشخاص", "10 people ahead of you"},
		{11, "أمامك 11 شخصًا", "11 people ahead of you"},
		{100, "أمامك 100 شخص", "100 people ahead of you"},
		{103, "أمامك 103 أشخاص", "103 people ahead of you"},
	}
	for _, tt := range tests {
		if ar, en := aheadText(tt.n); ar != tt.ar || en != tt.en {
			t.Errorf("aheadText(%d) = %q, %q; want %q, %q", tt.n, ar, en, tt.ar, tt.en)
		}
	}
}

func TestWaitText(t *testing.T) {
	if _, _, ok := waitText(0); ok {
		t.Error("a zero wait has a line")
	}
	ar, en, _ := waitText(90 * time.Second) // rounds up
	if ar != "الانتظار المتوقع: دقيقتان تقريبًا" || en != "Estimated wait: about 2 minutes" {
		t.Errorf("waitText(90s) = %q, %q", ar, en)
	}
}

func TestDateTextUsesTheLocalDay(t *testing.T) {
	riyadh, err := time.LoadLocation("Asia/Riyadh")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name            string
		at              time.Time
		gregorian, hijr string
	}{
		{"morning", time.Date(2026, 11, 28, 7, 42, 0, 0, time.UTC), "2026-11-28 10:42", "18 جمادى الآخرة 1448 هـ"},
		// 01:30 in Riyadh is still the previous day in UTC.
		{"after midnight", time.Date(2026, 11, 27, 22, 30, 0, 0, time.UTC), "2026-11-28 01:30", "18 جمادى الآخرة 1448 هـ"},
		{"1 Ramadan 1447", time.Date(2026, 2, 18, 9, 0, 0, 0, riyadh), "2026-02-18 09:00", "1 رمضان 1447 هـ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, h, _, err := dateText(tt.at, riyadh)
			if err != nil {
				t.Fatal(err)
			}
			if g != tt.gregorian || h != tt.hijr {
				t.Errorf("dateText = %q, %q; want %q, %q", g, h, tt.gregorian, tt.hijr)
			}
		})
	}
}
