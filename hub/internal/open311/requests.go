package open311

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// GET requests answers at most maxResults requests created within at most
// maxSpan: the spec's defaults, and a bound on the work one query costs.
const (
	maxResults = 1000
	maxSpan    = 90 * 24 * time.Hour
	maxIDs     = 100
	maxBody    = 64 << 10
)

var validIdempotencyKey = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// created is the answer to a posted request.
type created struct {
	ServiceRequestID string `json:"service_request_id" xml:"service_request_id"`
	ServiceNotice    string `json:"service_notice" xml:"service_notice"`
}

// createRequest answers POST requests.{fmt}: it opens a case with channel
// open311 and answers its number as service_request_id. The service_notice
// carries the tracking address with the case's access code, for the sender
// to give the citizen; no other answer ever shows the code.
func (h *Handler) createRequest(w http.ResponseWriter, r *http.Request, f format) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, f, protocol.NewError(protocol.CodeTooLarge, "The request is larger than 64 KiB", "الطلب أكبر من ٦٤ كيلوبايت"))
			return
		}
		writeError(w, f, protocol.NewError(protocol.CodeBadRequest,
			"Send the request as application/x-www-form-urlencoded", "أرسل الطلب بصيغة application/x-www-form-urlencoded"))
		return
	}
	p, err := decodePost(r.Form)
	if err != nil {
		writeError(w, f, err)
		return
	}
	key, err := h.store.CheckAPIKey(r.Context(), p.APIKey)
	if err != nil {
		writeError(w, f, err)
		return
	}
	branch := key.Branch
	if j := r.Form.Get("jurisdiction_id"); j != "" && j != branch {
		writeError(w, f, &protocol.Error{Code: protocol.CodeForbidden, Field: "jurisdiction_id",
			Message:   fmt.Sprintf("This api_key posts to jurisdiction %s only", branch),
			MessageAr: fmt.Sprintf("هذا المفتاح يرسل إلى الفرع %s فقط", branch)})
		return
	}
	s, ok := h.cat.Service(p.ServiceCode)
	if !ok {
		err := unknownService(p.ServiceCode).(*protocol.Error)
		err.Code = protocol.CodeBadRequest
		writeError(w, f, err)
		return
	}
	l := lang(r.Form)
	description, err := describe(p, l)
	if err != nil {
		writeError(w, f, err)
		return
	}
	attrs, err := details(p, s)
	if err != nil {
		writeError(w, f, err)
		return
	}
	requestID := ""
	if id := r.Header.Get("Idempotency-Key"); id != "" {
		if !validIdempotencyKey.MatchString(id) {
			writeError(w, f, protocol.FieldError("Idempotency-Key", "Idempotency-Key must be 1 to 64 of A-Z a-z 0-9 . _ -",
				"مفتاح Idempotency-Key يجب أن يكون من 1 إلى 64 من A-Z a-z 0-9 . _ -"))
			return
		}
		// Scoped to the key, so two integrations cannot collide.
		requestID = key.ID + "." + id
	}
	counts := []ratelimit.Count{{Rule: ratelimit.RequestsPerAPIKey, Subject: key.ID, N: 1},
		{Rule: ratelimit.ReportsPerPhone, Subject: ratelimit.Phone(p.Phone), N: 1}}
	if err := h.limits.Take(r.Context(), counts...); err != nil {
		h.logFailure("open311 post", err, key.ID)
		writeError(w, f, err)
		return
	}
	loc := &protocol.Location{Street: p.AddressString, Lat: p.Lat, Lng: p.Long}
	out, err := h.actions.ReportCase(r.Context(), actions.Report{
		Branch: branch, Service: s.Code, Description: description, Location: loc, Details: attrs,
		Phone: p.Phone, Lang: p.Lang, Channel: "open311", RequestID: requestID,
	})
	if err != nil {
		// A request refused opens nothing, so it does not count.
		if gerr := h.limits.GiveBack(r.Context(), counts...); gerr != nil {
			h.log.Error("open311 post", "error", gerr, "api_key", key.ID)
		}
		h.logFailure("open311 post", err, key.ID)
		writeError(w, f, err)
		return
	}
	h.log.Info("open311 request", "case", out.Case, "api_key", key.ID, "integration", key.Name)
	notice := "Follow the case at " + out.TrackURL
	if l == "ar" {
		notice = "تابع الحالة على " + out.TrackURL
	}
	if t := h.target(s.Category, l); t != "" {
		notice += ". " + t
	}
	writeList(w, f, http.StatusOK, "service_requests", "request", []created{{ServiceRequestID: out.Case, ServiceNotice: notice}})
}

// describe is the case's description: the sender's text, then the
// photo's address.
func describe(p posted, l string) (string, error) {
	if p.Description == "" {
		return "", protocol.FieldError("description", "description is required", "الوصف description مطلوب")
	}
	if p.MediaURL == "" {
		return p.Description, nil
	}
	label := "Photo"
	if l == "ar" {
		label = "صورة"
	}
	return p.Description + "\n" + label + ": " + p.MediaURL, nil
}

// details checks the attributes against the service's fields and returns
// them as the case's details, the values as the desk records them.
func details(p posted, s protocol.Service) (map[string]string, error) {
	out := map[string]string{}
	known := map[string]bool{}
	for _, field := range s.Fields {
		known[field.Code] = true
		v := p.Attributes[field.Code]
		if v == "" {
			if field.Required {
				return nil, protocol.FieldError("attribute["+field.Code+"]",
					fmt.Sprintf("attribute[%s] (%s) is required", field.Code, field.Name.En),
					fmt.Sprintf("الخاصية attribute[%s] (%s) مطلوبة", field.Code, field.Name.Ar))
			}
			continue
		}
		kept, ok := attributeValue(field, v)
		if !ok {
			return nil, protocol.FieldError("attribute["+field.Code+"]",
				fmt.Sprintf("attribute[%s] is not a valid %s: see services/%s.json", field.Code, datatypes[field.Kind][0], s.Code),
				fmt.Sprintf("قيمة الخاصية attribute[%s] غير صالحة", field.Code))
		}
		out[field.Code] = kept
	}
	for code := range p.Attributes {
		if !known[code] {
			return nil, protocol.FieldError("attribute["+code+"]",
				fmt.Sprintf("The service %s has no attribute %s", s.Code, quote(code)),
				fmt.Sprintf("الخدمة %s ليس لها الخاصية %s", s.Code, quote(code)))
		}
	}
	return out, nil
}

// attributeValue checks a value against its field's kind and returns it as
// the desk records it: a date as YYYY-MM-DD, a choice by its Arabic name,
// not its key.
func attributeValue(field protocol.Field, v string) (string, bool) {
	switch field.Kind {
	case "number":
		for _, c := range v {
			if (c < '0' || c > '9') && c != '.' && c != '-' {
				return "", false
			}
		}
		return v, v != "" && v != "-" && v != "."
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err == nil {
			return v, true
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t.Format(time.DateOnly), true // the sender's own date
		}
		return "", false
	case "choice":
		for i, c := range field.Choices {
			if v == fmt.Sprint(i+1) {
				return c.Ar, true
			}
		}
		return "", false
	}
	return v, true
}

// requests answers GET requests.{fmt} with the spec's filters.
func (h *Handler) requests(w http.ResponseWriter, r *http.Request, f format) {
	q := r.URL.Query()
	b, err := h.branch(q)
	if err != nil {
		writeError(w, f, err)
		return
	}
	l := lang(q)
	var cases []protocol.Case
	if ids := q.Get("service_request_id"); ids != "" {
		// The spec: with ids, the other filters are ignored.
		cases, err = h.casesByID(r, b.ID, strings.Split(ids, ","))
	} else {
		cases, err = h.filtered(r, b.ID, q)
	}
	if err != nil {
		h.logFailure("open311 list", err, "")
		writeError(w, f, err)
		return
	}
	out := make([]request, len(cases))
	for i, c := range cases {
		out[i] = h.viewOf(c, l)
	}
	writeList(w, f, http.StatusOK, "service_requests", "request", out)
}

// casesByID reads the listed cases of the branch; unknown ones are left out.
func (h *Handler) casesByID(r *http.Request, branch string, ids []string) ([]protocol.Case, error) {
	if len(ids) > maxIDs {
		return nil, protocol.FieldError("service_request_id", fmt.Sprintf("At most %d ids at once", maxIDs),
			fmt.Sprintf("%d معرّفاً كحد أقصى في الطلب الواحد", maxIDs))
	}
	var out []protocol.Case
	for _, id := range ids {
		c, err := h.store.Case(r.Context(), branch, strings.TrimSpace(id))
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// filtered reads the branch's cases created between start_date and
// end_date (by default the last 90 days), newest first, of the given
// service codes and statuses.
func (h *Handler) filtered(r *http.Request, branch string, q url.Values) ([]protocol.Case, error) {
	// Without end_date, the 90 days from start_date, or up to now.
	start, err := dateParam(q, "start_date", time.Time{})
	if err != nil {
		return nil, err
	}
	defaultEnd := h.now()
	if !start.IsZero() {
		defaultEnd = start.Add(maxSpan)
	}
	end, err := dateParam(q, "end_date", defaultEnd)
	if err != nil {
		return nil, err
	}
	if start.IsZero() {
		start = end.Add(-maxSpan)
	}
	if end.Before(start) {
		return nil, protocol.FieldError("end_date", "end_date is before start_date", "تاريخ النهاية end_date قبل تاريخ البداية start_date")
	}
	if end.Sub(start) > maxSpan {
		return nil, protocol.FieldError("start_date", "start_date and end_date may be at most 90 days apart",
			"الفرق بين start_date و end_date لا يتجاوز ٩٠ يوماً")
	}
	services, err := listParam(q, "service_code", func(s string) bool { _, ok := h.cat.Service(s); return ok })
	if err != nil {
		return nil, err
	}
	statuses, err := listParam(q, "status", func(s string) bool { return s == "open" || s == "closed" })
	if err != nil {
		return nil, err
	}
	all, err := h.store.CasesCreated(r.Context(), branch, start, end.Add(time.Millisecond))
	if err != nil {
		return nil, err
	}
	var out []protocol.Case
	for i := len(all) - 1; i >= 0 && len(out) < maxResults; i-- {
		c := all[i]
		if (services != nil && !slices.Contains(services, c.Service)) ||
			(statuses != nil && !slices.Contains(statuses, openOrClosed(c.Status))) {
			continue
		}
		if published(c) {
			// The timeline, for status_notes.
			if c, err = h.store.Case(r.Context(), branch, c.Number); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// dateParam reads a W3C date-time (2026-11-28T09:00:00+03:00).
func dateParam(q url.Values, name string, def time.Time) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, protocol.FieldError(name, name+" must be a W3C date-time, e.g. 2026-11-28T09:00:00+03:00",
			name+" يجب أن يكون تاريخاً ووقتاً بصيغة W3C، مثل 2026-11-28T09:00:00+03:00")
	}
	return t, nil
}

// listParam reads a comma-separated list of allowed values; nil when the
// parameter is absent.
func listParam(q url.Values, name string, allowed func(string) bool) ([]string, error) {
	if q.Get(name) == "" {
		return nil, nil
	}
	var out []string
	for _, s := range strings.Split(q.Get(name), ",") {
		s = strings.TrimSpace(s)
		if !allowed(s) {
			return nil, protocol.FieldError(name, "Unknown "+name+" "+quote(s), "قيمة غير معروفة للمعامل "+name)
		}
		out = append(out, s)
	}
	return out, nil
}

// request answers GET requests/{id}.{fmt}: a list of one.
func (h *Handler) request(w http.ResponseWriter, r *http.Request) {
	id, f, ok := splitDoc(r.PathValue("doc"))
	if !ok {
		writeError(w, f, errNoSuchEndpoint)
		return
	}
	c, err := h.caseOf(r, id)
	if err != nil {
		writeError(w, f, err)
		return
	}
	writeList(w, f, http.StatusOK, "service_requests", "request", []request{h.viewOf(c, lang(r.URL.Query()))})
}

// token answers GET tokens/{token}.{fmt}. This endpoint answers posted
// requests with their service_request_id at once and never hands out
// tokens; a client that asks about a case number as a token gets it back.
func (h *Handler) token(w http.ResponseWriter, r *http.Request) {
	id, f, ok := splitDoc(r.PathValue("doc"))
	if !ok {
		writeError(w, f, errNoSuchEndpoint)
		return
	}
	c, err := h.caseOf(r, id)
	if err != nil {
		writeError(w, f, err)
		return
	}
	type tokenDoc struct {
		ServiceRequestID string `json:"service_request_id" xml:"service_request_id"`
		Token            string `json:"token" xml:"token"`
	}
	writeList(w, f, http.StatusOK, "service_requests", "request", []tokenDoc{{ServiceRequestID: c.Number, Token: id}})
}

// caseOf finds a case by its number, whose prefix names its branch; with
// jurisdiction_id it must be that branch's.
func (h *Handler) caseOf(r *http.Request, number string) (protocol.Case, error) {
	notFound := &protocol.Error{Code: protocol.CodeNotFound, Field: "service_request_id",
		Message: "Unknown service_request_id " + quote(number), MessageAr: "رقم الطلب service_request_id غير موجود"}
	prefix, _, _ := strings.Cut(number, "-")
	b, ok := h.cat.BranchByCasePrefix(prefix)
	if !ok {
		return protocol.Case{}, notFound
	}
	if j := r.URL.Query().Get("jurisdiction_id"); j != "" && j != b.ID {
		return protocol.Case{}, notFound
	}
	c, err := h.store.Case(r.Context(), b.ID, number)
	if isNotFound(err) {
		return protocol.Case{}, notFound
	}
	return c, err
}

func isNotFound(err error) bool {
	var pe *protocol.Error
	return errors.As(err, &pe) && pe.Code == protocol.CodeNotFound
}

// logFailure logs errors that are not the client's.
func (h *Handler) logFailure(what string, err error, apiKey string) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		h.log.Error(what, "error", err, "api_key", apiKey)
	}
}
