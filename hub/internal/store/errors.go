package store

import (
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// reasonFields name the field a script's refusal is about, where one is.
var reasonFields = map[string]string{
	"case_not_referred": "case",
	"case_not_assigned": "case",
	"assignee_required": "assignee",
	"text_required":     "text",
	"last_admin":        "username",
}

// storeError turns a script's "SHAMIL <code> <reason>" error into a
// *protocol.Error; other errors mean the store is unreachable or broken.
func storeError(err error) error {
	var re redis.Error
	if !errors.As(err, &re) {
		return err
	}
	msg := re.Error()
	rest, ok := strings.CutPrefix(msg, "SHAMIL ")
	if !ok {
		return err
	}
	// Redis appends " script: <sha>, on @user_script:N." to errors raised
	// from nested functions; only the first two words are ours.
	f := strings.Fields(rest)
	if len(f) < 2 {
		return err
	}
	return refusal(f[0], f[1])
}

// refusal is the error for a code and a reason, with the reason's
// messages (or its code's). The reason is sent with the error: the stable
// name of what was refused, which clients may switch on (docs/protocol.md
// lists every one).
func refusal(code, reason string) *protocol.Error {
	m, ok := words.Reasons[reason]
	if !ok {
		m = words.CodeMessages[code]
	}
	if m.En == "" {
		m = words.Text{En: strings.ReplaceAll(reason, "_", " ")}
	}
	return &protocol.Error{Code: code, Reason: reason, Message: m.En, MessageAr: m.Ar, Field: reasonFields[reason]}
}
