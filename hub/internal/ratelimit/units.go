package ratelimit

import (
	"fmt"
	"math"
	"time"
)

// waitText says a wait in minutes, or in hours from two hours on, rounded
// up; Arabic with its dual and plural. Its Arabic is grammar data rather
// than a message: a unit's singular, dual, plural and counted forms, which
// words.TryAgainIn puts in its sentence.
func waitText(d time.Duration) (en, ar string) {
	m := int(math.Ceil(d.Minutes()))
	if m < 120 {
		return counted(max(m, 1), "minute", "دقيقة واحدة", "دقيقتين", "دقائق", "دقيقة")
	}
	return counted(int(math.Ceil(d.Hours())), "hour", "ساعة واحدة", "ساعتين", "ساعات", "ساعة")
}

func counted(n int, unit, one, two, few, many string) (en, ar string) {
	en = fmt.Sprintf("%d %ss", n, unit)
	switch {
	case n == 1:
		return "1 " + unit, one
	case n == 2:
		return en, two
	case n <= 10:
		return en, fmt.Sprintf("%d %s", n, few)
	}
	return en, fmt.Sprintf("%d %s", n, many)
}
