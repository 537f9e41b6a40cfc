package open311

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// maxBody bounds a urlencoded POST.
const maxBody = 64 << 10

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
	form, uploads, err := readPost(w, r)
	if err != nil {
		writeError(w, f, err)
		return
	}
	p, err := decodePost(form)
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
	if j := form.Get("jurisdiction_id"); j != "" && j != branch {
		writeError(w, f, words.KeyOfOneBranch.Fill(branch).ErrorOn(protocol.CodeForbidden, "jurisdiction_id"))
		return
	}
	s, ok := h.cat.Service(p.ServiceCode)
	if !ok {
		err := unknownService(p.ServiceCode).(*protocol.Error)
		err.Code = protocol.CodeBadRequest
		writeError(w, f, err)
		return
	}
	l := lang(form)
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
			writeError(w, f, words.BadOpen311Key.FieldError("Idempotency-Key"))
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
	// Checked (and stored) before the case exists: a bad photo opens none.
	photos, err := media.Keep(r.Context(), h.media, uploads)
	if err != nil {
		h.giveBack(r, counts, key.ID)
		h.logFailure("open311 post", err, key.ID)
		writeError(w, f, err)
		return
	}
	loc := &protocol.Location{Street: p.AddressString, Lat: p.Lat, Lng: p.Long}
	out, err := h.actions.ReportCase(r.Context(), actions.Report{
		Branch: branch, Service: s.Code, Description: description, Location: loc, Details: attrs,
		Phone: p.Phone, Lang: p.Lang, Channel: "open311", RequestID: requestID,
		Submitted: &store.Submitted{Description: p.Description, Address: p.AddressString,
			Lat: p.Lat, Long: p.Long, MediaURL: p.MediaURL},
	})
	if err == nil && len(photos) > 0 {
		to := actions.CitizenAct{Branch: branch, Case: out.Case, Channel: "open311", RequestID: requestID}
		_, err = h.actions.AttachReportPhotos(r.Context(), to, photos)
	}
	if err != nil && out.Case != "" {
		// The case is open, without its photos: say so, with its number.
		h.log.Error("open311 photos", "error", err, "case", out.Case, "api_key", key.ID)
		writeError(w, f, fmt.Errorf("attach photos to %s: %w", out.Case, err))
		return
	}
	if err != nil {
		h.giveBack(r, counts, key.ID)
		h.logFailure("open311 post", err, key.ID)
		writeError(w, f, err)
		return
	}
	h.log.Info("open311 request", "case", out.Case, "api_key", key.ID, "integration", key.Name)
	notice := words.FollowCaseAt.Fill(out.TrackURL).In(l)
	if t := h.target(s.Category, l); t != "" {
		notice += ". " + t
	}
	writeList(w, f, http.StatusOK, "service_requests", "request", []created{{ServiceRequestID: out.Case, ServiceNotice: notice}})
}

// giveBack returns the counts of a request that opened nothing: a request
// refused does not count.
func (h *Handler) giveBack(r *http.Request, counts []ratelimit.Count, apiKey string) {
	if err := h.limits.GiveBack(r.Context(), counts...); err != nil {
		h.log.Error("open311 post", "error", err, "api_key", apiKey)
	}
}

// describe is the case's description: the sender's text, then the
// photo's address.
func describe(p posted, l string) (string, error) {
	if p.Description == "" {
		return "", words.NoDescription.FieldError("description")
	}
	if p.MediaURL == "" {
		return p.Description, nil
	}
	label := words.PhotoLabel.En
	if l == "ar" {
		label = words.PhotoLabel.Ar
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
				return nil, words.AttributeRequired.Fill(field.Code, field.Name.En, field.Name.Ar).FieldError("attribute[" + field.Code + "]")
			}
			continue
		}
		kept, ok := attributeValue(field, v)
		if !ok {
			return nil, words.BadAttribute.Fill(field.Code, datatypes[field.Kind], s.Code).FieldError("attribute[" + field.Code + "]")
		}
		out[field.Code] = kept
	}
	for code := range p.Attributes {
		if !known[code] {
			return nil, words.NoSuchAttribute.Fill(s.Code, quote(code)).FieldError("attribute[" + code + "]")
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
func (h *Handler) caseOf(r *http.Request, number string) (store.PublishedCase, error) {
	notFound := words.UnknownRequest.Fill(quote(number)).ErrorOn(protocol.CodeNotFound, "service_request_id")
	prefix, _, _ := strings.Cut(number, "-")
	b, ok := h.cat.BranchByCasePrefix(prefix)
	if !ok {
		return store.PublishedCase{}, notFound
	}
	if j := r.URL.Query().Get("jurisdiction_id"); j != "" && j != b.ID {
		return store.PublishedCase{}, notFound
	}
	cases, err := h.store.PublishedCases(r.Context(), b.ID, []string{number})
	if err != nil {
		return store.PublishedCase{}, err
	}
	if len(cases) == 0 {
		return store.PublishedCase{}, notFound
	}
	return cases[0], nil
}

// logFailure logs errors that are not the client's.
func (h *Handler) logFailure(what string, err error, apiKey string) {
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		h.log.Error(what, "error", err, "api_key", apiKey)
	}
}
