// Package words is the hub's one catalogue of words: every message a person
// reads, in Arabic and English together, under a stable key. The statuses,
// the refusal reasons and the words every page shares live here; the pages
// get theirs from assets/shared/words.js, which is generated from this
// package (see page.go), so the WhatsApp and SMS texts, the receipts and the
// pages name each thing the same way (docs/glossary.md).
package words

// Text is one message in both languages, Arabic first. It converts to the
// wire format's protocol.Text (which vet would have written out as
// {Ar: …, En: …} everywhere in the tables): protocol.Text(t).
type Text struct{ Ar, En string }
