package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// A report is put together one question at a time: the service (a numbered
// menu of the catalogue's report services), the branch (when there are
// several), a description, then the location (or 0 to skip). A message may
// answer several at once: the command, the service's number and the
// description (conversation_test.go has examples).

func isReport(text string) bool {
	first, _, _ := strings.Cut(text, " ")
	return first == words.ReportCommand.Ar || strings.EqualFold(first, words.ReportCommand.En)
}

func isCancel(text string) bool {
	return text == words.CancelCommand.Ar || text == words.CancelUnhamzated || strings.EqualFold(text, words.CancelCommand.En)
}

func isSkip(text string) bool {
	return text == "0" || text == words.SkipCommand.Ar || strings.EqualFold(text, words.SkipCommand.En)
}

// reportServices are the services a WhatsApp report may be filed under, in
// the catalogue's order: the menu numbers them from 1.
func (w *Webhook) reportServices() []protocol.Service {
	var out []protocol.Service
	for _, s := range w.Cat.Wire().Services {
		if s.Category == "report" {
			out = append(out, s)
		}
	}
	return out
}

// startReport begins a report with what follows words.ReportCommand; photo is the key of
// the image that carried it as caption, or empty.
func (w *Webhook) startReport(ctx context.Context, m Inbound, phone, text, lang, photo string) string {
	services, branches := w.reportServices(), w.Cat.Wire().Branches
	if len(services) == 0 || len(branches) == 0 {
		return words.NoWhatsAppReports.In(lang)
	}
	_, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	var d draft
	if len(services) == 1 {
		d.Service = services[0].Code
	}
	if len(branches) == 1 {
		d.Branch = branches[0].ID
	}
	if !w.apply(&d, rest) {
		d.Description = rest // no service recognised: all of it describes the problem
	}
	if photo != "" {
		d.Photos = []string{photo}
	}
	return w.proceed(ctx, m, phone, lang, func(c *chat) bool {
		c.Lang = lang
		fresh := d
		c.Draft = &fresh
		return true
	})
}

// continueReport takes a message as the answer to the draft's question.
func (w *Webhook) continueReport(ctx context.Context, m Inbound, phone, text, lang string) string {
	return w.proceed(ctx, m, phone, lang, func(c *chat) bool {
		return c.Draft != nil && w.apply(c.Draft, text)
	})
}

// apply fills the first thing the draft misses from text, and reports
// whether text answered it.
func (w *Webhook) apply(d *draft, text string) bool {
	text = strings.TrimSpace(text)
	switch {
	case d.Service == "":
		code, rest, ok := w.pickService(text)
		if !ok {
			return false
		}
		d.Service = code
		if d.Description == "" {
			d.Description = rest
		}
	case d.Branch == "":
		branches := w.Cat.Wire().Branches
		n, rest, ok := leadingNumber(text, len(branches))
		if !ok {
			return false
		}
		d.Branch = branches[n-1].ID
		if d.Description == "" {
			d.Description = rest
		}
	case d.Description == "":
		if text == "" {
			return false
		}
		d.Description = text
	case d.Location == nil && !d.NoLocation:
		if !isSkip(text) {
			return false
		}
		d.NoLocation = true
	}
	return true
}

// pickService reads a service at the start of text, by its number in the
// menu or its name, and returns the text after it.
func (w *Webhook) pickService(text string) (code, rest string, ok bool) {
	services := w.reportServices()
	if n, rest, ok := leadingNumber(text, len(services)); ok {
		return services[n-1].Code, rest, true
	}
	for _, s := range services {
		for _, name := range []string{s.Name.Ar, s.Name.En} {
			if name != "" && len(text) >= len(name) && strings.EqualFold(text[:len(name)], name) {
				return s.Code, strings.TrimSpace(text[len(name):]), true
			}
		}
	}
	return "", "", false
}

// leadingNumber reads a number from 1 to max at the start of text, in
// Western or Arabic-Indic digits, and returns the text after it.
func leadingNumber(text string, max int) (int, string, bool) {
	var digits strings.Builder
	rest := text
	for i, r := range text {
		d, ok := digit(r)
		if !ok {
			rest = text[i:]
			break
		}
		digits.WriteRune(d)
		rest = ""
	}
	n, err := strconv.Atoi(digits.String())
	if err != nil || n < 1 || n > max {
		return 0, "", false
	}
	// Data, not words: "،" is the Arabic comma, read as a separator.
	separator := func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(".-)،,:", r) }
	if first, _ := utf8.DecodeRuneInString(rest); rest != "" && !separator(first) {
		return 0, "", false // "3rd" is not a menu choice
	}
	return n, strings.TrimLeftFunc(rest, separator), true
}

// digit turns a Western, Arabic-Indic or Persian digit into a Western one.
func digit(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9':
		return r, true
	case r >= '٠' && r <= '٩':
		return '0' + r - '٠', true
	case r >= '۰' && r <= '۹':
		return '0' + r - '۰', true
	}
	return 0, false
}

func complete(d draft) bool {
	return d.Service != "" && d.Branch != "" && d.Description != "" && (d.Location != nil || d.NoLocation)
}

// proceed applies change to the phone's conversation, then files the draft
// if it is complete or asks its next question. change reports whether the
// message answered the question.
func (w *Webhook) proceed(ctx context.Context, m Inbound, phone, lang string, change func(*chat) bool) string {
	var (
		d          *draft
		understood bool
	)
	err := w.updateChat(ctx, phone, func(c *chat) error {
		understood = change(c)
		d = nil
		if c.Draft != nil {
			copied := *c.Draft
			d = &copied
		}
		return nil
	})
	if err != nil {
		w.Log.Warn("whatsapp: conversation", "error", err)
		return words.ReportFailed.In(lang)
	}
	if d == nil {
		return words.WhatsAppHelp.In(lang)
	}
	if complete(*d) {
		return w.file(ctx, m, phone, lang, *d)
	}
	q := w.question(*d, lang)
	if !understood {
		q = words.NotUnderstood.In(lang) + q
	}
	return q
}

// question is what the draft asks next.
func (w *Webhook) question(d draft, lang string) string {
	var b strings.Builder
	switch {
	case d.Service == "":
		b.WriteString(words.AskReportService.In(lang))
		for i, s := range w.reportServices() {
			fmt.Fprintf(&b, "\n%d. %s", i+1, words.Text(s.Name).In(lang))
		}
	case d.Branch == "":
		b.WriteString(words.AskReportBranch.In(lang))
		for i, br := range w.Cat.Wire().Branches {
			fmt.Fprintf(&b, "\n%d. %s", i+1, words.Text(br.Name).In(lang))
		}
	case d.Description == "":
		b.WriteString(words.AskDescription.In(lang))
	default:
		b.WriteString(words.AskLocation.In(lang))
	}
	if d.Service == "" || d.Branch == "" {
		b.WriteString(words.HowToCancel.In(lang))
	}
	return b.String()
}

// file opens the case of a complete draft and attaches its photos. The
// message id is the request id, so Meta's repeated deliveries open one case.
func (w *Webhook) file(ctx context.Context, m Inbound, phone, lang string, d draft) string {
	rc, err := w.Acts.ReportCase(ctx, actions.Report{
		Branch: d.Branch, Service: d.Service, Description: d.Description, Location: d.Location,
		Phone: phone, Lang: lang, Channel: "whatsapp", RequestID: m.ID,
	})
	var pe *protocol.Error
	if errors.As(err, &pe) {
		// The draft cannot become a case as it is: start again.
		if err := w.updateChat(ctx, phone, func(c *chat) error { c.Draft = nil; return nil }); err != nil {
			w.Log.Warn("whatsapp: drop draft", "error", err)
		}
		return words.Text{Ar: pe.MessageAr, En: pe.Message}.In(lang)
	}
	if err != nil {
		w.Log.Warn("whatsapp: report", "error", err)
		return words.ReportFailed.In(lang)
	}
	// Photos sent while the case was being opened are in the stored draft.
	var photos []string
	err = w.updateChat(ctx, phone, func(c *chat) error {
		photos = d.Photos
		if c.Draft != nil {
			photos = c.Draft.Photos
		}
		c.Draft = nil
		c.Reported = &reported{Branch: d.Branch, Case: rc.Case, Photos: photos}
		return nil
	})
	if err != nil {
		w.Log.Warn("whatsapp: conversation", "error", err)
	}
	if len(photos) > 0 {
		to := actions.CitizenAct{Branch: d.Branch, Case: rc.Case, Channel: "whatsapp", RequestID: m.ID}
		if _, err := w.Acts.AttachReportPhotos(ctx, to, photos); err != nil {
			w.Log.Warn("whatsapp: attach photos", "case", rc.Case, "error", err)
		}
	}
	return words.ReportRecorded.Fill(rc.Case, rc.AccessCode, rc.TrackURL).In(lang)
}
