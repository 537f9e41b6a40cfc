// Package words is the hub's one catalogue of words: every message a person
// reads, in Arabic and English together, under a stable key; the desk and
// kiosk apps say their own errors from it too. The statuses,
// the refusal reasons and the words every page shares live here; the pages
// get theirs from assets/shared/words.js, which is generated from this
// package (see page.go), so the WhatsApp and SMS texts, the receipts and the
// pages name each thing the same way (docs/glossary.md).
package words

import (
	"fmt"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Text is one message in both languages, Arabic first. It converts to the
// wire format's protocol.Text (which vet would have written out as
// {Ar: …, En: …} everywhere in the tables): protocol.Text(t).
type Text struct{ Ar, En string }

// Error is t as the error of code, for a client to show as it is.
func (t Text) Error(code string) *protocol.Error { return protocol.NewError(code, t.En, t.Ar) }

// FieldError is t as the bad_request error about field.
func (t Text) FieldError(field string) *protocol.Error { return protocol.FieldError(field, t.En, t.Ar) }

// ErrorOn is t as the error of code about field.
func (t Text) ErrorOn(code, field string) *protocol.Error {
	e := t.Error(code)
	e.Field = field
	return e
}

// Fill puts args into t's fmt verbs, the same arguments in both languages;
// a language that leaves one out names the others by index (%[2]d).
func (t Text) Fill(args ...any) Text {
	return Text{fmt.Sprintf(t.Ar, args...), fmt.Sprintf(t.En, args...)}
}

// FillText puts arg into t's one fmt verb, each language's into its own: a
// text made of texts, such as a list (Join).
func (t Text) FillText(arg Text) Text {
	return Text{fmt.Sprintf(t.Ar, arg.Ar), fmt.Sprintf(t.En, arg.En)}
}

// Join is texts one after the other, sep between them, in each language.
func Join(sep Text, texts ...Text) Text {
	var out Text
	for i, t := range texts {
		if i > 0 {
			out.Ar, out.En = out.Ar+sep.Ar, out.En+sep.En
		}
		out.Ar, out.En = out.Ar+t.Ar, out.En+t.En
	}
	return out
}

// In is t in a person's language: English for "en", Arabic otherwise.
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.En
	}
	return t.Ar
}

// Both is t in one line of plain text, English then Arabic, for an answer
// no one chose the language of.
func (t Text) Both() string { return t.En + " / " + t.Ar }
