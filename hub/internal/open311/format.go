package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/ratelimit"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// format is how an answer is written: the extension of the path.
type format int

const (
	formatJSON format = iota
	formatXML
)

// splitDoc reads "services.json" as the document "services" in JSON. An
// unknown extension is not ok; the error is then written in JSON.
func splitDoc(doc string) (string, format, bool) {
	i := strings.LastIndexByte(doc, '.')
	if i < 0 {
		return doc, formatJSON, false
	}
	switch doc[i+1:] {
	case "json":
		return doc[:i], formatJSON, true
	case "xml":
		return doc[:i], formatXML, true
	}
	return doc[:i], formatJSON, false
}

// writeList answers a list: a JSON array, or in XML a root element holding
// one element per item (<services><service>…</service></services>).
func writeList[T any](w http.ResponseWriter, f format, status int, root, item string, items []T) {
	if items == nil {
		items = []T{}
	}
	if f == formatJSON {
		writeJSON(w, status, items)
		return
	}
	writeXML(w, status, func(enc *xml.Encoder) error {
		start := xml.StartElement{Name: xml.Name{Local: root}}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, it := range items {
			if err := enc.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: item}}); err != nil {
				return err
			}
		}
		return enc.EncodeToken(start.End())
	})
}

// writeOne answers one object; in XML it is the element root.
func writeOne(w http.ResponseWriter, f format, status int, root string, v any) {
	if f == formatJSON {
		writeJSON(w, status, v)
		return
	}
	writeXML(w, status, func(enc *xml.Encoder) error {
		return enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}})
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // tracking addresses keep their & readable
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encode answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func writeXML(w http.ResponseWriter, status int, encode func(*xml.Encoder) error) {
	var b strings.Builder
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	if err := encode(enc); err != nil {
		http.Error(w, "encode answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if err := enc.Close(); err != nil {
		http.Error(w, "encode answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(b.String() + "\n"))
}

// apiError is one Open311 error: the HTTP status as its code and a
// description in English then Arabic.
type apiError struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

var errNoSuchEndpoint = words.NoSuchEndpoint.Fill(Prefix + "/discovery.json").Error(protocol.CodeNotFound)

// statusOf maps the error codes Open311 answers can meet to HTTP statuses.
var statusOf = map[string]int{
	protocol.CodeBadRequest:      http.StatusBadRequest,
	protocol.CodeForbidden:       http.StatusForbidden,
	protocol.CodeUnauthenticated: http.StatusForbidden,
	protocol.CodeNotFound:        http.StatusNotFound,
	protocol.CodeConflict:        http.StatusConflict,
	protocol.CodeTooLarge:        http.StatusRequestEntityTooLarge,
	protocol.CodeRateLimited:     http.StatusTooManyRequests,
	codeMethodNotAllowed:         http.StatusMethodNotAllowed,
	codeUnsupportedType:          http.StatusUnsupportedMediaType,
}

// codeMethodNotAllowed is the Open311 answer's own code for a method a path
// does not take (405).
const codeMethodNotAllowed = "method_not_allowed"

// fieldNames are the Open311 names of the hub's fields named in errors.
var fieldNames = map[string]string{
	"branch": "jurisdiction_id", "service": "service_code", "location": "lat/long",
}

// writeError answers [{code, description}] (<errors><error>…). An error
// that is not a protocol error is the store out of reach: 503.
func writeError(w http.ResponseWriter, f format, err error) {
	ratelimit.SetRetryAfter(w, err)
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		pe = words.Unavailable.Error(protocol.CodeUnavailable)
	}
	status, ok := statusOf[pe.Code]
	if !ok {
		status = http.StatusServiceUnavailable
	}
	desc := pe.Message
	if field := pe.Field; field != "" {
		if name, ok := fieldNames[field]; ok {
			field = name
		}
		if !strings.HasPrefix(desc, field) {
			desc = fmt.Sprintf("%s: %s", field, desc)
		}
	}
	if pe.MessageAr != "" {
		desc += " / " + pe.MessageAr
	}
	writeList(w, f, status, "errors", "error", []apiError{{Code: status, Description: desc}})
}
