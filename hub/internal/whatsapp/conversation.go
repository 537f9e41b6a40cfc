package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// The conversation, one message at a time, first rule that fits:
//  1. a case number and its access code (e.g. "QTF-2026-000123 7KQ2M-XD9PA")
//     → the case's status;
//  2. a message starting with "بلاغ" or "report" → a new case with the rest
//     as its description, in the first branch, under its first service of
//     category "report" (staff re-file it if needed);
//  3. the sender has a case awaiting their information → the text is their
//     reply on it;
//  4. anything else → how to use the service.
// Replies are in Arabic unless the citizen wrote no Arabic letter.

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
	text := strings.TrimSpace(m.text())
	lang := language(text)
	var reply string
	switch {
	case caseNumberPattern.MatchString(text):
		reply = w.status(ctx, text, lang)
	case isReport(text):
		reply = w.report(ctx, m, phone, text, lang)
	default:
		var handled bool
		reply, handled = w.answer(ctx, phone, text, lang)
		if !handled {
			reply = pick(lang, helpAr, helpEn)
		}
	}
	if err := w.Reply.SendText(ctx, phone, reply); err != nil {
		w.Log.Warn("whatsapp: reply", "error", err)
	}
}

const (
	helpAr = "أهلاً بك في شامل. للاستعلام أرسل رقم المعاملة ورمز الدخول المطبوعين على الإيصال. للإبلاغ عن مشكلة أرسل كلمة «بلاغ» ثم وصف المشكلة."
	helpEn = "Welcome to Shamil. To check a case, send its number and the access code from your receipt. To report a problem, send \"report\" followed by a description."
)

func (w *Webhook) status(ctx context.Context, text, lang string) string {
	notFound := pick(lang, "لم نجد معاملة بهذا الرقم ورمز الدخول.", "No case matches that number and access code.")
	match := caseNumberPattern.FindStringSubmatch(text)
	number := strings.ToUpper(match[0])
	branch, ok := w.Cat.BranchByCasePrefix(strings.ToUpper(match[1]))
	rest := strings.Replace(text, match[0], "", 1)
	code := accessCodePattern.FindString(rest)
	if !ok || code == "" {
		return notFound
	}
	c, err := w.Store.CaseByAccess(ctx, branch.ID, number, code)
	if err != nil {
		return notFound
	}
	return fmt.Sprintf(pick(lang, "المعاملة %s: %s.", "Case %s: %s."), c.Number, statusName(c.Status, lang))
}

func isReport(text string) bool {
	first, _, _ := strings.Cut(text, " ")
	return first == "بلاغ" || strings.EqualFold(first, "report")
}

func (w *Webhook) report(ctx context.Context, m Inbound, phone, text, lang string) string {
	_, description, _ := strings.Cut(text, " ")
	branch, service, ok := w.reportService()
	if !ok {
		return pick(lang, "البلاغات عبر واتساب غير متاحة.", "Reports by WhatsApp are not available.")
	}
	rc, err := w.Acts.ReportCase(ctx, actions.Report{
		Branch: branch, Service: service, Description: strings.TrimSpace(description),
		Phone: phone, Lang: lang, Channel: "whatsapp", RequestID: m.ID,
	})
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pick(lang, pe.MessageAr, pe.Message)
	}
	if err != nil {
		w.Log.Warn("whatsapp: report", "error", err)
		return pick(lang, "تعذر تسجيل البلاغ، حاول لاحقاً.", "The report could not be recorded; please try later.")
	}
	return fmt.Sprintf(pick(lang, "سُجّل بلاغك برقم %s ورمز الدخول %s. تابعه على %s", "Your report is case %s, access code %s. Follow it at %s"),
		rc.Case, rc.AccessCode, rc.TrackURL)
}

// reportService is where WhatsApp reports go: the first branch and the
// first service of category "report".
func (w *Webhook) reportService() (branch, service string, ok bool) {
	wire := w.Cat.Wire()
	if len(wire.Branches) == 0 {
		return "", "", false
	}
	for _, s := range wire.Services {
		if s.Category == "report" {
			return wire.Branches[0].ID, s.Code, true
		}
	}
	return "", "", false
}

// answer lands the text as the citizen's reply on their case that awaits
// them, if they have one.
func (w *Webhook) answer(ctx context.Context, phone, text, lang string) (string, bool) {
	if text == "" {
		return "", false
	}
	for _, b := range w.Cat.Wire().Branches {
		cases, err := w.Store.CasesByPhone(ctx, b.ID, phone)
		if err != nil {
			w.Log.Warn("whatsapp: cases of a phone", "error", err)
			continue
		}
		for _, c := range cases {
			if c.Status != protocol.CaseAwaitingCitizen {
				continue
			}
			if _, err := w.Store.CitizenReply(ctx, b.ID, c.Number, text, time.Now()); err != nil {
				w.Log.Warn("whatsapp: citizen reply", "case", c.Number, "error", err)
				return pick(lang, "تعذر تسجيل ردك، حاول لاحقاً.", "Your reply could not be recorded; please try later."), true
			}
			return fmt.Sprintf(pick(lang, "وصل ردك على المعاملة %s. شكراً لك.", "Your reply on case %s has arrived. Thank you."), c.Number), true
		}
	}
	return "", false
}

// language is ar when the text has an Arabic letter or no letter at all.
func language(text string) string {
	letters := false
	for _, r := range text {
		if unicode.Is(unicode.Arabic, r) {
			return "ar"
		}
		letters = letters || unicode.IsLetter(r)
	}
	if letters {
		return "en"
	}
	return "ar"
}

func pick(lang, ar, en string) string {
	if lang == "en" {
		return en
	}
	return ar
}

var statusNames = map[protocol.CaseStatus][2]string{
	protocol.CaseReceived:        {"استُلمت", "received"},
	protocol.CaseInProgress:      {"قيد المعالجة", "in progress"},
	protocol.CaseAwaitingCitizen: {"بانتظار معلومات منك", "waiting for information from you"},
	protocol.CaseReferred:        {"أُحيلت إلى الإدارة المختصة", "referred to the department in charge"},
	protocol.CaseResolved:        {"أُنجزت", "resolved"},
	protocol.CaseClosed:          {"أُغلقت", "closed"},
}

func statusName(s protocol.CaseStatus, lang string) string {
	n, ok := statusNames[s]
	if !ok {
		return string(s)
	}
	return pick(lang, n[0], n[1])
}
