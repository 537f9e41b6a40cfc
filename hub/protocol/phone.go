package protocol

import "strings"

// NormalizePhone checks a Saudi mobile number as a visitor may type it
// (05XXXXXXXX, 5XXXXXXXX, +9665XXXXXXXX, 009665XXXXXXXX, with spaces or
// dashes, in Western or Arabic-Indic digits) and returns it in E.164 form
// (+9665XXXXXXXX). ok is false when it is not a Saudi mobile number.
func NormalizePhone(s string) (e164 string, ok bool) {
	var digits strings.Builder
	for i, r := range strings.TrimSpace(s) {
		// Digit ranges, not words: the Arabic runes below are digits a keyboard may type.
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r >= '٠' && r <= '٩': // Arabic-Indic
			digits.WriteRune('0' + (r - '٠'))
		case r >= '۰' && r <= '۹': // Extended Arabic-Indic (Persian, Urdu)
			digits.WriteRune('0' + (r - '۰'))
		case r == '+' && i == 0, r == ' ', r == '-':
		default:
			return "", false
		}
	}
	d := digits.String()
	for _, prefix := range []string{"00966", "966", "0"} {
		if rest, found := strings.CutPrefix(d, prefix); found && len(rest) == 9 {
			d = rest
			break
		}
	}
	if len(d) != 9 || d[0] != '5' {
		return "", false
	}
	return "+966" + d, true
}

// MaskPhone hides all but the last four digits of a stored number, for
// anything a citizen or a hall display may see: +966501234567 → 05•••••4567.
func MaskPhone(e164 string) string {
	if len(e164) < 8 {
		return ""
	}
	return "05•••••" + e164[len(e164)-4:]
}
