package open311

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/words"
)

// GET requests lists requests created within at most maxSpan (the spec's
// default window), a page of at most maxPageSize at a time (the spec's
// default count, and a bound on the work one query costs).
const (
	maxSpan     = 90 * 24 * time.Hour
	maxPageSize = 1000
	maxIDs      = 100
)

// endDateLayout writes end_date into the next page's address to the
// millisecond, the precision of the index, so the pages of one listing
// cover the same requests even while new ones arrive.
const endDateLayout = "2006-01-02T15:04:05.000Z07:00"

// requests answers GET requests.{fmt} with the spec's filters, one page at
// a time: the total in X-Total-Count, the next and previous pages in Link.
func (h *Handler) requests(w http.ResponseWriter, r *http.Request, f format) {
	q := r.URL.Query()
	b, err := h.branch(q)
	if err != nil {
		writeError(w, f, err)
		return
	}
	var page store.RequestPage
	if ids := q.Get("service_request_id"); ids != "" {
		// The spec: with ids, the other filters are ignored.
		page, err = h.byID(r, b.ID, strings.Split(ids, ","))
	} else {
		page, err = h.filtered(w, r, b.ID, q)
	}
	if err != nil {
		h.logFailure("open311 list", err, "")
		writeError(w, f, err)
		return
	}
	l := lang(q)
	out := make([]request, len(page.Cases))
	for i, c := range page.Cases {
		out[i] = h.viewOf(c, l)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(page.Total))
	writeList(w, f, http.StatusOK, "service_requests", "request", out)
}

// byID reads the listed cases of the branch; unknown ones are left out.
func (h *Handler) byID(r *http.Request, branch string, ids []string) (store.RequestPage, error) {
	if len(ids) > maxIDs {
		return store.RequestPage{}, words.TooManyIDs.Fill(maxIDs).FieldError("service_request_id")
	}
	for i := range ids {
		ids[i] = strings.TrimSpace(ids[i])
	}
	cases, err := h.store.PublishedCases(r.Context(), branch, ids)
	return store.RequestPage{Total: len(cases), Cases: cases}, err
}

// filtered reads one page of the branch's requests created between
// start_date and end_date (by default the last 90 days), newest first, of
// the given service codes and statuses.
func (h *Handler) filtered(w http.ResponseWriter, r *http.Request, branch string, q url.Values) (store.RequestPage, error) {
	zone := h.cat.Location(branch)
	// Without end_date, the 90 days from start_date, or up to now.
	start, err := dateParam(q, "start_date", zone, false)
	if err != nil {
		return store.RequestPage{}, err
	}
	end, err := dateParam(q, "end_date", zone, true)
	if err != nil {
		return store.RequestPage{}, err
	}
	switch {
	case end.IsZero() && start.IsZero():
		end = h.now()
	case end.IsZero():
		end = start.Add(maxSpan)
	}
	if start.IsZero() {
		start = end.Add(-maxSpan)
	}
	if end.Before(start) {
		return store.RequestPage{}, words.EndBeforeStart.FieldError("end_date")
	}
	if end.Sub(start) > maxSpan {
		return store.RequestPage{}, words.SpanTooLong.FieldError("start_date")
	}
	pageNo, err := intParam(q, "page", 1, 1, 1<<20)
	if err != nil {
		return store.RequestPage{}, err
	}
	size, err := intParam(q, "page_size", maxPageSize, 1, maxPageSize)
	if err != nil {
		return store.RequestPage{}, err
	}
	query := store.RequestQuery{From: start, To: end, Skip: (pageNo - 1) * size, Limit: size}
	// An unknown service matches nothing: a filter, not a mistake.
	if q.Has("service_code") {
		query.Services = []string{}
		for _, s := range splitList(q.Get("service_code")) {
			if _, ok := h.cat.Service(s); ok {
				query.Services = append(query.Services, s)
			}
		}
	}
	if q.Has("status") {
		var open, closed bool
		for _, s := range splitList(q.Get("status")) {
			switch s {
			case "open":
				open = true
			case "closed":
				closed = true
			default:
				return store.RequestPage{}, words.BadStatusFilter.Fill(quote(s)).FieldError("status")
			}
		}
		if open != closed {
			query.Open = &open
		}
	}
	page, err := h.store.Requests(r.Context(), branch, query)
	if err != nil {
		return store.RequestPage{}, err
	}
	h.pageLinks(w, r, q, end.In(zone), pageNo, size, page.Total)
	return page, nil
}

// pageLinks sets Link to the next and previous pages, with end_date fixed
// to this page's, so that requests arriving meanwhile shift no page.
func (h *Handler) pageLinks(w http.ResponseWriter, r *http.Request, q url.Values, end time.Time, pageNo, size, total int) {
	link := func(n int, rel string) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		v.Set("end_date", end.Format(endDateLayout))
		v.Set("page", strconv.Itoa(n))
		v.Set("page_size", strconv.Itoa(size))
		return "<" + h.publicURL + r.URL.Path + "?" + v.Encode() + `>; rel="` + rel + `"`
	}
	var links []string
	if pageNo*size < total {
		links = append(links, link(pageNo+1, "next"))
	}
	if pageNo > 1 {
		links = append(links, link(pageNo-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
}

// dateParam reads a W3C date-time (2026-11-28T09:00:00+03:00), a date-time
// without an offset or a date (2026-11-28), both in the branch's time zone.
// A date is its first moment, or for an end its last. A "+" sent unencoded
// arrives as a space; it is read as the "+" it was. Zero when absent.
func dateParam(q url.Values, name string, zone *time.Location, end bool) (time.Time, error) {
	s := strings.ReplaceAll(strings.TrimSpace(q.Get(name)), " ", "+")
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, zone); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, zone); err == nil {
		if end {
			return t.AddDate(0, 0, 1).Add(-time.Millisecond), nil
		}
		return t, nil
	}
	return time.Time{}, words.BadDateTime.Fill(name).FieldError(name)
}

// intParam reads a whole number in [least, most]; def when absent.
func intParam(q url.Values, name string, def, least, most int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < least || n > most {
		return 0, words.BadWholeNumber.Fill(name, least, most).FieldError(name)
	}
	return n, nil
}

// splitList reads a comma-separated list.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
