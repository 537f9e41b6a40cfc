package catalogue

import (
	"strings"
	"testing"
	"time"
)

// bookingFile is validFile with appointments at its branch, a Ramadan
// and an Eid in its calendar, and its service bookable.
func bookingFile(t testing.TB) string {
	s := replaceOnce(t, validFile, "    priority_credit_minutes: 10\n", `    priority_credit_minutes: 10
    appointments: {share_percent: 50, ahead_days: 14, lead_minutes: 60, per_phone: 2}
    calendar:
      - name: {ar: رمضان, en: Ramadan}
        from: hijri:1447-09-01
        to: hijri:1447-09-29
        hours:
          - days: [sun, mon]
            open: "10:00"
            close: "12:00"
      - name: {ar: عيد الفطر, en: Eid al-Fitr}
        from: hijri:1447-10-01
        to: 2026-03-25
        closed: true
`)
	return replaceOnce(t, s, "    category: complaint\n", "    category: complaint\n    bookable: true\n    slot_minutes: 30\n    places_per_slot: 3\n")
}

func TestSlotsFollowTheCalendar(t *testing.T) {
	c, err := Parse([]byte(bookingFile(t)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	tests := []struct {
		date        string
		n           int
		first, last string
	}{
		{"2026-02-15", 12, "08:00", "13:30"}, // an ordinary Sunday
		{"2026-02-16", 12, "08:00", "13:30"}, // an ordinary Monday
		{"2026-02-17", 0, "", ""},            // Tuesday: not open
		{"2026-02-22", 4, "10:00", "11:30"},  // a Sunday in Ramadan 1447
		{"2026-03-22", 0, "", ""},            // a Sunday of the Eid closure
		{"2026-03-29", 12, "08:00", "13:30"}, // after it
	}
	for _, tt := range tests {
		slots := c.Slots("main", "bldg-permit", tt.date)
		if len(slots) != tt.n {
			t.Errorf("%s: %d slots, want %d", tt.date, len(slots), tt.n)
			continue
		}
		if tt.n == 0 {
			continue
		}
		first, last := slots[0].In(riyadh), slots[len(slots)-1].In(riyadh)
		if first.Format("2006-01-02 15:04") != tt.date+" "+tt.first || last.Format("15:04") != tt.last {
			t.Errorf("%s: slots %s to %s, want %s to %s", tt.date, first, last, tt.first, tt.last)
		}
	}
	// The calendar closes the branch for walk-ins too.
	if c.Open("main", time.Date(2026, 3, 22, 9, 0, 0, 0, riyadh)) {
		t.Error("open on a day of the Eid closure")
	}
	if !c.Open("main", time.Date(2026, 2, 22, 11, 0, 0, 0, riyadh)) || c.Open("main", time.Date(2026, 2, 22, 9, 0, 0, 0, riyadh)) {
		t.Error("Ramadan hours not followed by Open")
	}
	rules, ok := c.Appointments("main")
	if !ok || rules.PerPhone != 2 || rules.Lead != time.Hour || rules.Grace != 15*time.Minute || rules.MaxOverlapping != 1 {
		t.Errorf("rules = %+v, %v", rules, ok)
	}
}

func TestBadBookingSettings(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{"bad hijri date", "from: hijri:1447-09-01", "from: hijri:1447-09-31", `test.yaml:18: branch "main": calendar #1: from "hijri:1447-09-31" is not a date of the Umm al-Qura calendar`},
		{"bad gregorian date", "to: 2026-03-25", "to: 2026-02-30", `test.yaml:26: branch "main": calendar #2: to "2026-02-30" is not a date of the Gregorian calendar`},
		{"backwards", "to: 2026-03-25", "to: 2026-03-01", `test.yaml:26: branch "main": calendar #2: to 2026-03-01 (2026-03-01) is before from hijri:1447-10-01 (2026-03-20)`},
		{"closed with hours", "        closed: true\n", "        closed: true\n        hours: [{days: [sun], open: \"08:00\", close: \"09:00\"}]\n", `test.yaml:28: branch "main": calendar #2: a closed period has no hours`},
		{"neither", "        closed: true\n", "", `test.yaml:24: branch "main": calendar #2: give hours, or closed: true`},
		{"bad special hours", `close: "12:00"`, `close: "09:00"`, `test.yaml:23: branch "main": calendar #1: hours #1: close 09:00 must be later than open 10:00`},
		{"share", "share_percent: 50", "share_percent: 0", `test.yaml:15: branch "main": appointments: share_percent 0 must be between 1 and 100`},
		{"per phone", "per_phone: 2", "per_phone: 9", `test.yaml:15: branch "main": appointments: per_phone 9 must be between 1 and 5`},
		{"slot length", "slot_minutes: 30", "slot_minutes: 2", `test.yaml:39: service "bldg-permit": slot_minutes 2 must be between 5 and 240`},
		{"places", "places_per_slot: 3", "places_per_slot: 0", `test.yaml:40: service "bldg-permit": places_per_slot 0 must be between 1 and 50`},
		{"slots of a service not bookable", "bookable: true", "bookable: false", `test.yaml:39: service "bldg-permit": slot_minutes and places_per_slot are only for a service with bookable: true`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(replaceOnce(t, bookingFile(t), tt.old, tt.new)), "test.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v\nwant %s", err, tt.want)
			}
		})
	}
}
