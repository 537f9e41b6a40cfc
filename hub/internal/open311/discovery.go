package open311

import (
	"net/http"

	"github.com/shamil-municipal/shamil/hub/words"
)

// changeset is when this endpoint's behaviour last changed; clients use it
// to notice changes.
const changeset = "2026-11-28T00:00:00Z"

type discoveryDoc struct {
	Changeset  string     `json:"changeset" xml:"changeset"`
	Contact    string     `json:"contact" xml:"contact"`
	KeyService string     `json:"key_service" xml:"key_service"`
	Endpoints  []endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

type endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

// discovery answers GET discovery.{fmt}: where the endpoint is and how to
// get an api_key.
func (h *Handler) discovery(w http.ResponseWriter, f format) {
	writeOne(w, f, http.StatusOK, "discovery", discoveryDoc{
		Changeset:  changeset,
		Contact:    h.cat.Wire().Municipality.En + " / " + h.cat.Wire().Municipality.Ar,
		KeyService: words.AskForAPIKey.Both(),
		Endpoints: []endpoint{{
			Specification: "http://wiki.open311.org/GeoReport_v2",
			URL:           h.publicURL + Prefix,
			Changeset:     changeset,
			Type:          "production",
			Formats:       []string{"application/json", "text/xml"},
		}},
	})
}
