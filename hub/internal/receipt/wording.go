package receipt

import (
	"fmt"
	"math"
	"time"

	"github.com/hablullah/go-hijri"

	"github.com/shamil-municipal/shamil/hub/words"
)

// aheadText says how many people wait before the ticket.
func aheadText(n int) (ar, en string) {
	if n <= 0 {
		return words.NobodyAhead.Ar, words.NobodyAhead.En
	}
	t := words.PeopleAhead.FillText(words.Text{Ar: peopleAr.of(n), En: peopleEn.of(n)})
	return t.Ar, t.En
}

// waitText gives the estimated wait in whole minutes, rounded up; ok is
// false when there is no estimate.
func waitText(d time.Duration) (ar, en string, ok bool) {
	if d <= 0 {
		return "", "", false
	}
	m := int(math.Ceil(d.Minutes()))
	t := words.EstimatedWait.FillText(words.Text{Ar: minutesAr.of(m), En: minutesEn.of(m)})
	return t.Ar, t.En, true
}

// dateText formats the issue time in the branch's zone, Gregorian and
// Hijri (Umm al-Qura, Saudi Arabia's official calendar). The Arabic
// Gregorian part is returned separately so that the caller can isolate it
// from the surrounding right-to-left text.
func dateText(t time.Time, loc *time.Location) (gregorian, hijriAr, en string, err error) {
	local := t.In(loc)
	// The converter works on the UTC date: pass the local date at noon UTC,
	// or visits before 03:00 Riyadh time get the previous day.
	y, m, d := local.Date()
	h, err := hijri.CreateUmmAlQuraDate(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
	if err != nil {
		return "", "", "", fmt.Errorf("hijri date of %s: %w", local.Format(time.DateOnly), err)
	}
	if h.Month < 1 || h.Month > 12 {
		return "", "", "", fmt.Errorf("hijri date of %s: month %d", local.Format(time.DateOnly), h.Month)
	}
	gregorian = local.Format("2006-01-02 15:04")
	hijriAr = fmt.Sprintf("%d %s %d %s", h.Day, hijriMonthsAr[h.Month-1], h.Year, words.HijriMark)
	en = fmt.Sprintf("%s · %d %s %d AH", local.Format("2 Jan 2006, 15:04"), h.Day, hijriMonthsEn[h.Month-1], h.Year)
	return gregorian, hijriAr, en, nil
}
