package kiosk

import (
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// problem is an error the kiosk shows a visitor or a member of staff, in
// both languages; the page picks the one on screen.
func problem(code, field string, t words.Text) *protocol.Error {
	return &protocol.Error{Code: code, Field: field, Message: t.En, MessageAr: t.Ar}
}

// Codes of the kiosk's own errors, next to the hub's.
const (
	CodeOffline    = "offline"     // the hub is unreachable: no ticket can be taken
	CodeNoAnswer   = "no_answer"   // the hub did not confirm in time; the same tap retries the same request
	CodeBadPhone   = "bad_phone"   // not a Saudi mobile number
	CodeBadSetting = "bad_setting" // the set-up form has a wrong value
	CodeBadPIN     = "bad_pin"     // the staff PIN is wrong
	CodeNothing    = "nothing"     // nothing to reprint yet
)
