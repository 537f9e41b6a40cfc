package receipt

import "fmt"

// This file is data rather than words: the forms Arabic grammar gives a
// counted noun, and the Hijri months' names. The sentences around them are
// in hub/words.

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

// englishCounted is a count of things in English: one, or a format taking
// the number.
type englishCounted struct{ one, many string }

var (
	peopleEn  = englishCounted{"1 person", "%d people"}
	minutesEn = englishCounted{"1 minute", "%d minutes"}
)

func (c englishCounted) of(n int) string {
	if n == 1 {
		return c.one
	}
	return fmt.Sprintf(c.many, n)
}

var (
	hijriMonthsAr = [12]string{"محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
		"رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"}
	hijriMonthsEn = [12]string{"Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Akhir", "Jumada al-Ula",
		"Jumada al-Akhirah", "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah"}
)
