package receipt

import (
	"fmt"
	"math"
	"time"

	"github.com/hablullah/go-hijri"
)

// counted holds the Arabic wording of a count of things: Arabic uses the
// dual for two, a plural for 3–10 and a singular accusative for 11–99.
type counted struct {
	one, two        string // whole phrases
	few, many, hund string // formats taking the number
}

var (
	peopleAr  = counted{"شخص واحد", "شخصان", "%d أشخاص", "%d شخصًا", "%d شخص"}
	minutesAr = counted{"دقيقة واحدة", "دقيقتان", "%d دقائق", "%d دقيقة", "%d دقيقة"}
)

func (c counted) of(n int) string {
	switch r := n % 100; {
	case n == 1:
		return c.one
	case n == 2:
		return c.two
	case r >= 3 && r <= 10:
		return fmt.Sprintf(c.few, n)
	case r >= 11:
		return fmt.Sprintf(c.many, n)
	default: // 100, 101, 102, 200…
		return fmt.Sprintf(c.hund, n)
	}
}

// aheadText says how many people wait before the ticket.
func aheadText(n int) (ar, en string) {
	switch {
	case n <= 0:
		return "لا أحد أمامك، دورك التالي", "You are next"
	case n == 1:
		return "أمامك " + peopleAr.of(n), "1 person ahead of you"
	}
	return "أمامك " + peopleAr.of(n), fmt.Sprintf("%d people ahead of you", n)
}

// waitText gives the estimated wait in whole minutes, rounded up; ok is
// false when there is no estimate.
func waitText(d time.Duration) (ar, en string, ok bool) {
	if d <= 0 {
		return "", "", false
	}
	m := int(math.Ceil(d.Minutes()))
	en = fmt.Sprintf("Estimated wait: about %d minutes", m)
	if m == 1 {
		en = "Estimated wait: about 1 minute"
	}
	return "الانتظار المتوقع: " + minutesAr.of(m) + " تقريبًا", en, true
}

var (
	hijriMonthsAr = [12]string{"محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
		"رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"}
	hijriMonthsEn = [12]string{"Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Akhir", "Jumada al-Ula",
		"Jumada al-Akhirah", "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah"}
)

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
	hijriAr = fmt.Sprintf("%d %s %d هـ", h.Day, hijriMonthsAr[h.Month-1], h.Year)
	en = fmt.Sprintf("%s · %d %s %d AH", local.Format("2 Jan 2006, 15:04"), h.Day, hijriMonthsEn[h.Month-1], h.Year)
	return gregorian, hijriAr, en, nil
}
