package open311

import (
	"net/http"
	"strconv"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// service is one service of the catalogue in GET services.
type service struct {
	ServiceCode string `json:"service_code" xml:"service_code"`
	ServiceName string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords" xml:"keywords"`
	Group       string `json:"group" xml:"group"`
}

type definition struct {
	ServiceCode string      `json:"service_code" xml:"service_code"`
	Attributes  []attribute `json:"attributes" xml:"attributes>attribute"`
}

// attribute is one of a service's catalogue fields.
type attribute struct {
	Variable            bool    `json:"variable" xml:"variable"`
	Code                string  `json:"code" xml:"code"`
	Datatype            string  `json:"datatype" xml:"datatype"`
	Required            bool    `json:"required" xml:"required"`
	DatatypeDescription string  `json:"datatype_description" xml:"datatype_description"`
	Order               int     `json:"order" xml:"order"`
	Description         string  `json:"description" xml:"description"`
	Values              []value `json:"values,omitempty" xml:"values>value,omitempty"`
}

type value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// datatypes maps the catalogue's field kinds to Open311 datatypes; what a
// value looks like is words.FieldKinds.
var datatypes = map[string]string{
	"text":   "string",
	"number": "number",
	"date":   "datetime",
	"choice": "singlevaluelist",
}

// services answers GET services.{fmt}: every service of the catalogue.
// Every branch offers every service, so the list is the same for each
// jurisdiction; an unknown jurisdiction_id is still refused.
func (h *Handler) services(w http.ResponseWriter, r *http.Request, f format) {
	q := r.URL.Query()
	if _, err := h.branch(q); err != nil {
		writeError(w, f, err)
		return
	}
	l := lang(q)
	var out []service
	for _, s := range h.cat.Wire().Services {
		group := s.Category
		if c, ok := h.cat.Category(s.Category); ok {
			group = pick(c.Name, l)
		}
		out = append(out, service{
			ServiceCode: s.Code, ServiceName: pick(s.Name, l), Description: pick(s.Description, l),
			Metadata: len(s.Fields) > 0, Type: "realtime", Keywords: s.Category, Group: group,
		})
	}
	writeList(w, f, http.StatusOK, "services", "service", out)
}

// serviceDefinition answers GET services/{code}.{fmt}: the service's
// catalogue fields as attributes.
func (h *Handler) serviceDefinition(w http.ResponseWriter, r *http.Request) {
	code, f, ok := splitDoc(r.PathValue("doc"))
	if !ok {
		writeError(w, f, errNoSuchEndpoint)
		return
	}
	q := r.URL.Query()
	if _, err := h.branch(q); err != nil {
		writeError(w, f, err)
		return
	}
	s, ok := h.cat.Service(code)
	if !ok {
		writeError(w, f, unknownService(code))
		return
	}
	writeOne(w, f, http.StatusOK, "service_definition", definition{ServiceCode: s.Code, Attributes: attributes(s, lang(q))})
}

func attributes(s protocol.Service, l string) []attribute {
	out := []attribute{}
	for i, field := range s.Fields {
		a := attribute{
			Variable: true, Code: field.Code, Datatype: datatypes[field.Kind], Required: field.Required,
			DatatypeDescription: words.FieldKinds[field.Kind].Both(), Order: i + 1, Description: pick(field.Name, l),
		}
		for j, c := range field.Choices {
			a.Values = append(a.Values, value{Key: strconv.Itoa(j + 1), Name: pick(c, l)})
		}
		out = append(out, a)
	}
	return out
}

func unknownService(code string) error {
	return words.UnknownServiceCode.Fill(quote(code)).ErrorOn(protocol.CodeNotFound, "service_code")
}
