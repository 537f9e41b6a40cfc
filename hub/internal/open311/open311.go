// Package open311 is the hub's Open311 GeoReport v2 endpoint, /open311/v2/
// (docs/open311.md): discovery, the services of the catalogue and their
// definitions, requests posted by outside apps with an api_key, the public
// list of requests, and tokens; each in JSON or XML. A posted request is a
// case opened through actions.ReportCase with channel "open311".
package open311

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Prefix is where the endpoint is mounted.
const Prefix = "/open311/v2"

// Handler answers the Open311 routes.
type Handler struct {
	actions   *actions.Actions
	store     *store.Store
	cat       *catalogue.Catalogue
	publicURL string
	limits    *ratelimit.Limiter
	media     media.Store
	log       *slog.Logger
	now       func() time.Time
}

// Mount adds the Open311 routes to mux. publicURL is the hub's address as
// the outside world reaches it (for discovery); photos keeps the photos
// uploaded with requests.
func Mount(mux *http.ServeMux, a *actions.Actions, st *store.Store, cat *catalogue.Catalogue, photos media.Store, publicURL string, log *slog.Logger) {
	h := &Handler{actions: a, store: st, cat: cat, publicURL: strings.TrimRight(publicURL, "/"),
		limits: ratelimit.New(st.Redis()), media: photos, log: log, now: time.Now}
	mux.HandleFunc("GET "+Prefix+"/{doc}", h.get)
	mux.HandleFunc("POST "+Prefix+"/{doc}", h.post)
	mux.HandleFunc("GET "+Prefix+"/services/{doc}", h.serviceDefinition)
	mux.HandleFunc("GET "+Prefix+"/requests/{doc}", h.request)
	mux.HandleFunc("GET "+Prefix+"/tokens/{doc}", h.token)
	// Other methods on these paths (DELETE, PUT, …) are 405 naming those
	// allowed; without these, the catch-all below would answer 404.
	mux.HandleFunc(Prefix+"/{doc}", notAllowed("GET, HEAD, POST"))
	for _, path := range []string{"/services/{doc}", "/requests/{doc}", "/tokens/{doc}"} {
		mux.HandleFunc(Prefix+path, notAllowed("GET, HEAD"))
	}
	mux.HandleFunc("/open311/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, formatJSON, errNoSuchEndpoint)
	})
}

// notAllowed answers 405 with the methods the path allows.
func notAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, f, _ := splitDoc(r.PathValue("doc"))
		w.Header().Set("Allow", allow)
		writeError(w, f, words.MethodNotAllowed.Fill(r.Method, allow).Error(codeMethodNotAllowed))
	}
}

// get answers the documents at the top: discovery, services and requests.
func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	name, f, ok := splitDoc(r.PathValue("doc"))
	if !ok {
		writeError(w, f, errNoSuchEndpoint)
		return
	}
	switch name {
	case "discovery":
		h.discovery(w, f)
	case "services":
		h.services(w, r, f)
	case "requests":
		h.requests(w, r, f)
	default:
		writeError(w, f, errNoSuchEndpoint)
	}
}

// post answers POST requests.{fmt}; nothing else is posted.
func (h *Handler) post(w http.ResponseWriter, r *http.Request) {
	name, f, ok := splitDoc(r.PathValue("doc"))
	if !ok || name != "requests" {
		writeError(w, f, errNoSuchEndpoint)
		return
	}
	h.createRequest(w, r, f)
}

// branch is the jurisdiction a request is about: jurisdiction_id, which
// may be left out when the catalogue has a single branch.
func (h *Handler) branch(q url.Values) (protocol.Branch, error) {
	id := q.Get("jurisdiction_id")
	branches := h.cat.Wire().Branches
	if id == "" {
		if len(branches) == 1 {
			return branches[0], nil
		}
		ids := make([]words.Text, len(branches))
		for i, b := range branches {
			ids[i] = words.Text{Ar: b.ID, En: b.ID}
		}
		return protocol.Branch{}, words.JurisdictionRequired.FillText(words.Join(words.Comma, ids...)).FieldError("jurisdiction_id")
	}
	b, ok := h.cat.Branch(id)
	if !ok {
		return protocol.Branch{}, words.UnknownJurisdiction.Fill(quote(id)).ErrorOn(protocol.CodeNotFound, "jurisdiction_id")
	}
	return b, nil
}

// lang is the language of names and notes: English unless lang=ar.
func lang(q url.Values) string {
	if q.Get("lang") == "ar" {
		return "ar"
	}
	return "en"
}

func pick(t protocol.Text, lang string) string {
	if lang == "ar" && t.Ar != "" {
		return t.Ar
	}
	if t.En == "" {
		return t.Ar
	}
	return t.En
}

// quote shows a client's value in a message, cut short.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return `"` + s + `"`
}
