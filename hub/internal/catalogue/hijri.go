package catalogue

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	hijri "github.com/hablullah/go-hijri"
)

// hijriPrefix marks a calendar date given in the Umm al-Qura calendar, the
// official calendar of Saudi Arabia: "hijri:1448-09-01".
const hijriPrefix = "hijri:"

var datePattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// calendarDate reads a catalogue date, Gregorian "YYYY-MM-DD" or
// "hijri:YYYY-MM-DD", and returns it as a Gregorian YYYY-MM-DD.
func calendarDate(s string) (string, error) {
	text, isHijri := strings.CutPrefix(s, hijriPrefix)
	m := datePattern.FindStringSubmatch(text)
	if m == nil {
		return "", fmt.Errorf("%q must be a date YYYY-MM-DD, or hijri:YYYY-MM-DD for an Umm al-Qura date", s)
	}
	if !isHijri {
		if _, err := time.Parse(time.DateOnly, text); err != nil {
			return "", fmt.Errorf("%q is not a date of the Gregorian calendar", s)
		}
		return text, nil
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	g, ok := fromHijri(year, month, day)
	if !ok {
		return "", fmt.Errorf("%q is not a date of the Umm al-Qura calendar (years 1356 to 1500, months of 29 or 30 days)", s)
	}
	return g, nil
}

// fromHijri converts an Umm al-Qura date to a Gregorian YYYY-MM-DD. The
// library converts any day number without complaint (day 30 of a month of
// 29 days is the 1st of the next month), so a date is accepted only when
// it converts back to itself.
func fromHijri(year, month, day int) (string, bool) {
	if year < 1356 || year > 1500 || month < 1 || month > 12 || day < 1 || day > 30 {
		return "", false
	}
	g := hijri.UmmAlQuraDate{Year: int64(year), Month: int64(month), Day: int64(day)}.ToGregorian()
	back, err := hijri.CreateUmmAlQuraDate(g)
	if err != nil || back.Year != int64(year) || back.Month != int64(month) || back.Day != int64(day) {
		return "", false
	}
	return g.Format(time.DateOnly), true
}

// Hijri returns the Umm al-Qura date of a Gregorian YYYY-MM-DD as
// YYYY-MM-DD, for showing beside it; "" when there is none.
func Hijri(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return ""
	}
	h, err := hijri.CreateUmmAlQuraDate(t)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", h.Year, h.Month, h.Day)
}
