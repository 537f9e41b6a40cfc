package kiosk

import "github.com/shamil-municipal/shamil/hub/protocol"

// CheckPhone returns the visitor's mobile number in E.164 form, "" when
// they left none, or an error in both languages.
func CheckPhone(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	e164, ok := protocol.NormalizePhone(s)
	if !ok {
		return "", problem(CodeBadPhone, "phone",
			"This is not a Saudi mobile number. Enter it as 05XXXXXXXX or +9665XXXXXXXX.",
			"هذا ليس رقم جوال سعوديًا. أدخله بالشكل 05XXXXXXXX أو ‎+9665XXXXXXXX.")
	}
	return e164, nil
}
