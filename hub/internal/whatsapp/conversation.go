package whatsapp

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// The conversation, first rule that fits:
//  1. a location message → the location of the report being put together,
//     or of the case this conversation just reported (location.go);
//  2. an image → a photo of a report or an answer (photo.go);
//  3. a case number and its access code (e.g. "QTF-2026-000123 7KQ2M-XD9PA")
//     → the case's status;
//  4. a message starting with words.ReportCommand → a new report, put
//     together one question at a time (report.go);
//  5. a report is being put together → the answer to its question, or
//     words.CancelCommand drops it;
//  6. the sender has a case awaiting their information → the text is their
//     reply on it;
//  7. anything else → how to use the service.
// What the conversation remembers (chat.go) lasts 30 minutes in Redis.
// Replies are in Arabic unless the citizen wrote no Arabic letter; a
// message without letters ("2") is answered in the conversation's language.

var (
	caseNumberPattern = regexp.MustCompile(`(?i)\b([a-z]{2,5})-(\d{4})-(\d{6})\b`)
	accessCodePattern = regexp.MustCompile(`(?i)\b[0-9a-z]{5}-?[0-9a-z]{5}\b`)
)

func (w *Webhook) handle(ctx context.Context, m Inbound) {
	phone, ok := protocol.NormalizePhone("+" + m.From)
	if !ok {
		w.Log.Info("whatsapp: message from a non-Saudi number ignored")
		return
	}
	c, err := w.loadChat(ctx, phone)
	if err != nil {
		w.Log.Warn("whatsapp: conversation", "error", err)
	}
	text := strings.TrimSpace(m.text())
	lang, sure := language(text)
	if !sure && c.Lang != "" {
		lang = c.Lang
	}
	var reply string
	switch {
	case m.Location != nil:
		reply = w.location(ctx, m, phone, lang, c)
	case m.Image != nil:
		reply = w.photo(ctx, m, phone, text, lang, c)
	case caseNumberPattern.MatchString(text):
		reply = w.status(ctx, phone, text, lang)
	case isReport(text):
		reply = w.startReport(ctx, m, phone, text, lang, "")
	case c.Draft != nil && isCancel(text):
		reply = w.cancel(ctx, phone, lang)
	case c.Draft != nil:
		reply = w.continueReport(ctx, m, phone, text, lang)
	default:
		var handled bool
		reply, handled = w.answer(ctx, phone, text, lang)
		if !handled {
			reply = words.WhatsAppHelp.In(lang)
		}
	}
	if err := w.Reply.SendText(ctx, phone, reply); err != nil {
		w.Log.Warn("whatsapp: reply", "error", err)
	}
}

// status answers a case number and access code. Wrong codes are counted
// like the tracking page's (package guess), against the sender's number.
func (w *Webhook) status(ctx context.Context, phone, text, lang string) string {
	notFound := words.WhatsAppNoSuchCase.In(lang)
	match := caseNumberPattern.FindStringSubmatch(text)
	number := strings.ToUpper(match[0])
	branch, ok := w.Cat.BranchByCasePrefix(strings.ToUpper(match[1]))
	rest := strings.Replace(text, match[0], "", 1)
	code := accessCodePattern.FindString(rest)
	if !ok || code == "" {
		return notFound
	}
	c, err := guess.Check(ctx, w.Store, number, "whatsapp:"+phone, func(ctx context.Context) (protocol.Case, error) {
		return w.Store.CaseByAccess(ctx, branch.ID, number, code)
	})
	var pe *protocol.Error
	if errors.As(err, &pe) && pe.Code == protocol.CodeRateLimited {
		return words.Text{Ar: pe.MessageAr, En: pe.Message}.In(lang)
	}
	if err != nil {
		return notFound
	}
	return words.WhatsAppCaseStatus.Fill(c.Number, statusName(c.Status, lang)).In(lang)
}

func (w *Webhook) cancel(ctx context.Context, phone, lang string) string {
	if err := w.updateChat(ctx, phone, func(c *chat) error { c.Draft = nil; return nil }); err != nil {
		w.Log.Warn("whatsapp: conversation", "error", err)
		return words.CancelFailed.In(lang)
	}
	return words.ReportCancelled.In(lang)
}

// answer lands the text and photos (media keys, already stored) as the
// citizen's reply on their case that awaits them, if they have one.
func (w *Webhook) answer(ctx context.Context, phone, text, lang string, photos ...string) (string, bool) {
	if text == "" && len(photos) == 0 {
		return "", false
	}
	branch, number, ok := w.awaitingCase(ctx, phone)
	if !ok {
		return "", false
	}
	to := actions.CitizenAct{Branch: branch, Case: number, Channel: "whatsapp"}
	if _, err := w.Acts.CitizenReply(ctx, to, text, photos...); err != nil {
		w.Log.Warn("whatsapp: citizen reply", "case", number, "error", err)
		return words.ReplyFailed.In(lang), true
	}
	return words.ReplyArrived.Fill(number).In(lang), true
}

// awaitingCase is the sender's case that awaits their information, if any.
func (w *Webhook) awaitingCase(ctx context.Context, phone string) (branch, number string, ok bool) {
	for _, b := range w.Cat.Wire().Branches {
		cases, err := w.Store.CasesByPhone(ctx, b.ID, phone)
		if err != nil {
			w.Log.Warn("whatsapp: cases of a phone", "error", err)
			continue
		}
		for _, c := range cases {
			if c.Status == protocol.CaseAwaitingCitizen {
				return b.ID, c.Number, true
			}
		}
	}
	return "", "", false
}

// language is en when the text has letters and none is Arabic, else ar;
// sure is whether the text had a letter to tell by.
func language(text string) (lang string, sure bool) {
	letters := false
	for _, r := range text {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return "ar", true
		}
		letters = letters || unicode.IsLetter(r)
	}
	if letters {
		return "en", true
	}
	return "ar", false
}

func statusName(s protocol.CaseStatus, lang string) string {
	n, ok := words.CaseStatuses[s]
	if !ok {
		return string(s)
	}
	return n.In(lang)
}
