package kiosk

import (
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// CheckPhone returns the visitor's mobile number in E.164 form, "" when
// they left none, or an error in both languages.
func CheckPhone(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	e164, ok := protocol.NormalizePhone(s)
	if !ok {
		return "", problem(CodeBadPhone, "phone", words.KioskBadMobile)
	}
	return e164, nil
}
