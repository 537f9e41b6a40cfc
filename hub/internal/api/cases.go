package api

import (
	"net/http"
	"strings"
)

// publicCase is what a citizen sees of a case with its number and access
// code. A wrong code and an unknown case get the same answer, so the answer
// tells a guesser nothing.
func (api *API) publicCase(w http.ResponseWriter, r *http.Request) {
	number := strings.ToUpper(strings.TrimSpace(r.PathValue("case")))
	code := r.URL.Query().Get("code")
	c, err := api.actions.PublicCase(r.Context(), number, code)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

