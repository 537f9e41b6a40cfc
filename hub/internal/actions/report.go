package actions

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Report is a problem or request a citizen reports without visiting: on the
// /report page, by WhatsApp or through Open311.
type Report struct {
	Branch      string
	Service     string
	Description string
	Location    *protocol.Location
	// Details are the service's own fields (code → value), as the desk
	// records them: Open311 sends them as attributes.
	Details map[string]string
	Phone   string // any form protocol.NormalizePhone accepts, or empty
	Lang    string // ar (the default) or en
	Channel string // online, whatsapp, open311
	// RequestID makes a retry harmless: the same id returns the same case
	// (a form sent twice, a webhook delivered twice).
	RequestID string
	// Submitted is what an Open311 requester sent, kept apart from the
	// description staff may edit (Open311 publishes only it).
	Submitted *store.Submitted
}

// ReportCase opens the case a report is about. The case follows the same
// rules as a walk-in's from then on.
func (a *Actions) ReportCase(ctx context.Context, r Report) (protocol.ReportedCase, error) {
	branch, ok := a.cat.Branch(r.Branch)
	if !ok {
		return protocol.ReportedCase{}, words.UnknownBranch.Fill(r.Branch).ErrorOn(protocol.CodeNotFound, "branch")
	}
	if err := required("service", r.Service); err != nil {
		return protocol.ReportedCase{}, err
	}
	service, ok := a.cat.Service(r.Service)
	if !ok {
		return protocol.ReportedCase{}, words.UnknownService.Fill(r.Service).ErrorOn(protocol.CodeNotFound, "service")
	}
	phone, err := normalizePhone(r.Phone)
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	lang, err := checkLang(r.Lang)
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	if err := a.checkCaseChange(protocol.UpdateCase{Location: r.Location, Details: r.Details}, service.Code); err != nil {
		return protocol.ReportedCase{}, err
	}
	now := a.now()
	out, err := a.store.OpenCase(ctx, store.Report{
		Branch: branch.ID, Service: service.Code, Category: service.Category, Channel: r.Channel,
		Description: r.Description, Location: r.Location, Details: r.Details, Submitted: r.Submitted, Phone: phone, Lang: lang,
		CasePrefix: branch.CasePrefix, Year: a.cat.Day(branch.ID, now)[:4], AccessCode: auth.NewAccessCode(),
		Now: now, Actor: "citizen", Op: store.Op{Principal: "report:" + r.Channel, RequestID: r.RequestID},
		Department: a.cat.ReportDepartment(service.Code, branch.ID),
	})
	if err != nil {
		return protocol.ReportedCase{}, err
	}
	out.TrackURL = a.TrackURL(out.Case, out.AccessCode)
	return out, nil
}

// normalizePhone accepts an empty number or a Saudi mobile number in any
// usual form, and returns it as +9665XXXXXXXX.
func normalizePhone(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	phone, ok := protocol.NormalizePhone(s)
	if !ok {
		return "", words.EnterSaudiMobile.FieldError("phone")
	}
	return phone, nil
}

// checkLang accepts ar, en or nothing (Arabic).
func checkLang(lang string) (string, error) {
	switch lang {
	case "":
		return "ar", nil
	case "ar", "en":
		return lang, nil
	}
	return "", words.LangArOrEn.FieldError("lang")
}
