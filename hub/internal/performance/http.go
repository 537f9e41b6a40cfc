package performance

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Mount adds the page (/performance, /performance/{branch}) and its figures
// (/api/v1/performance?branch=&days=&format=csv). Both are public: they
// hold counts only.
func Mount(mux *http.ServeMux, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) {
	h := &handler{st: st, cat: cat, log: log, now: time.Now}
	page, err := fs.ReadFile(assets.Web(), "performance/index.html")
	if err != nil {
		panic("performance: " + err.Error()) // embedded: a programming error
	}
	serve := func(w http.ResponseWriter, r *http.Request) {
		if b := r.PathValue("branch"); b != "" {
			if _, ok := cat.Branch(b); !ok {
				http.NotFound(w, r)
				return
			}
		}
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(page))
	}
	mux.HandleFunc("GET /performance", serve)
	mux.HandleFunc("GET /performance/{branch}", serve)
	mux.Handle("GET /performance/assets/", http.StripPrefix("/performance/assets/", http.FileServerFS(sub("performance"))))
	mux.HandleFunc("GET /api/v1/performance", h.figures)
}

func sub(dir string) fs.FS {
	f, err := fs.Sub(assets.Web(), dir)
	if err != nil {
		panic("performance: " + err.Error())
	}
	return f
}

type handler struct {
	st  *store.Store
	cat *catalogue.Catalogue
	log *slog.Logger
	now func() time.Time
}

// figures answers with a window's figures as JSON, or both windows as CSV.
func (h *handler) figures(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var branches []string
	if b := q.Get("branch"); b != "" {
		if _, ok := h.cat.Branch(b); !ok {
			httpx.WriteError(w, words.UnknownBranch.Fill(b).FieldError("branch"))
			return
		}
		branches = []string{b}
	} else {
		for _, b := range h.cat.Wire().Branches {
			branches = append(branches, b.ID)
		}
	}
	days, err := strconv.Atoi(q.Get("days"))
	if q.Get("days") == "" {
		days, err = Windows[0], nil
	}
	if err != nil || days < 1 || days > 366 {
		httpx.WriteError(w, words.BadDays.FieldError("days"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	now := h.now()
	if q.Get("format") != "csv" {
		f, err := Compute(ctx, h.st, h.cat, branches, days, now)
		if err != nil {
			h.fail(w, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, f)
		return
	}
	var windows []Figures
	for _, d := range Windows {
		f, err := Compute(ctx, h.st, h.cat, branches, d, now)
		if err != nil {
			h.fail(w, err)
			return
		}
		windows = append(windows, f)
	}
	name := "performance-all"
	if len(branches) == 1 {
		name = "performance-" + branches[0]
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`-`+now.Format("2006-01-02")+`.csv"`)
	writeCSV(w, windows)
}

func (h *handler) fail(w http.ResponseWriter, err error) {
	h.log.Error("performance figures", "error", err)
	httpx.WriteError(w, words.Unavailable.Error(protocol.CodeUnavailable))
}

// csvHeader names the columns; hours are decimal hours.
var csvHeader = []string{"days", "scope", "code", "name_ar", "name_en", "received", "resolved",
	"first_response_median_h", "first_response_p90_h", "resolution_median_h", "resolution_p90_h",
	"within_target", "with_target", "reopened", "ratings", "avg_rating", "overdue_open"}

func writeCSV(w http.ResponseWriter, windows []Figures) {
	out := csv.NewWriter(w)
	out.Write(csvHeader)
	hours := func(s int) string { return strconv.FormatFloat(float64(s)/3600, 'f', 1, 64) }
	for _, f := range windows {
		type row struct {
			scope string
			g     Group
		}
		rows := []row{{"total", f.Total}}
		for _, g := range f.Services {
			rows = append(rows, row{"service", g})
		}
		for _, g := range f.Departments {
			rows = append(rows, row{"department", g})
		}
		for _, r := range rows {
			g := r.g
			out.Write([]string{strconv.Itoa(f.Days), r.scope, g.Code, g.Name.Ar, g.Name.En, strconv.Itoa(g.Received), strconv.Itoa(g.Resolved),
				hours(g.FirstResponse.P50), hours(g.FirstResponse.P90), hours(g.Resolution.P50), hours(g.Resolution.P90),
				strconv.Itoa(g.WithinTarget), strconv.Itoa(g.Targeted), strconv.Itoa(g.Reopened), strconv.Itoa(g.Ratings),
				strconv.FormatFloat(g.AvgRating, 'f', 2, 64), strconv.Itoa(g.OverdueOpen)})
		}
	}
	out.Flush()
}
