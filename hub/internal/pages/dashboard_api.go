package pages

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/escalate"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/report"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// dashboardTimeout bounds the work of one figures request; a year's report
// reads every ticket of the year.
const dashboardTimeout = 30 * time.Second

// dashboard serves the managers' figures and reports (docs/dashboard.md,
// docs/reports.md). A manager sees their own branch and those of their
// region; an admin sees every branch. The regional view shows them side by
// side.
type dashboard struct {
	src     stats.Source
	reports *report.Renderer
	log     *slog.Logger
}

// MountDashboard adds the dashboard's data and the report downloads to mux.
func MountDashboard(mux *http.ServeMux, st *store.Store, cat *catalogue.Catalogue, log *slog.Logger) {
	reports, err := report.NewRenderer(assets.Fonts())
	if err != nil {
		panic("pages: " + err.Error()) // embedded fonts: a programming error
	}
	d := &dashboard{src: stats.Source{Store: st, Catalogue: cat}, reports: reports, log: log}
	mux.HandleFunc("GET /api/v1/branches/{branch}/live", d.branch(d.live))
	mux.HandleFunc("GET /api/v1/branches/{branch}/stats", d.branch(d.figures))
	mux.HandleFunc("GET /api/v1/branches/{branch}/report.csv", d.branch(d.csv))
	mux.HandleFunc("GET /api/v1/branches/{branch}/report.pdf", d.branch(d.pdf))
	mux.HandleFunc("GET /api/v1/region/live", d.region)
	// The charting library the dashboard pages load (assets/vendor).
	mux.Handle("GET /vendor/", http.FileServerFS(assets.Web()))
}

// principal authenticates "Authorization: Bearer <token>" and lets only
// managers and admins through.
func (d *dashboard) principal(ctx context.Context, r *http.Request) (auth.Principal, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return auth.Principal{}, words.NoBearer.Error(protocol.CodeUnauthenticated)
	}
	p, err := d.src.Store.Authenticate(ctx, token)
	if err != nil {
		return auth.Principal{}, err
	}
	if p.Role != protocol.RoleManager && p.Role != protocol.RoleAdmin {
		return auth.Principal{}, words.ManagersOnly.Error(protocol.CodeForbidden)
	}
	return p, nil
}

// branches are the branches a principal may see, in catalogue order.
func (d *dashboard) branches(p auth.Principal) []string {
	var ids []string
	for _, b := range d.src.Catalogue.Wire().Branches {
		if p.Oversees(b.ID) {
			ids = append(ids, b.ID)
		}
	}
	return ids
}

type branchHandler func(w http.ResponseWriter, r *http.Request, ctx context.Context, branch string) error

// branch checks the caller and the branch in the path, then serves.
func (d *dashboard) branch(serve branchHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), dashboardTimeout)
		defer cancel()
		branch := r.PathValue("branch")
		err := func() error {
			p, err := d.principal(ctx, r)
			if err != nil {
				return err
			}
			if _, ok := d.src.Catalogue.Branch(branch); !ok {
				return words.UnknownBranch.Fill(branch).Error(protocol.CodeNotFound)
			}
			if !p.Oversees(branch) {
				return words.NotYourBranches.Error(protocol.CodeForbidden)
			}
			return serve(w, r, ctx, branch)
		}()
		d.fail(w, r, err)
	}
}

func (d *dashboard) fail(w http.ResponseWriter, r *http.Request, err error) {
	if err == nil {
		return
	}
	var pe *protocol.Error
	if !errors.As(err, &pe) {
		d.log.Error("dashboard", "path", r.URL.Path, "error", err)
	}
	httpx.WriteError(w, err)
}

func (d *dashboard) live(w http.ResponseWriter, _ *http.Request, ctx context.Context, branch string) error {
	l, err := d.liveOf(ctx, branch, time.Now())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, l)
	return nil
}

// liveOf is a branch now, with its departments' open cases against their
// targets.
func (d *dashboard) liveOf(ctx context.Context, branch string, now time.Time) (stats.Live, error) {
	l, err := d.src.Live(ctx, branch, now)
	if err != nil {
		return stats.Live{}, err
	}
	if l.Departments, err = escalate.Departments(ctx, d.src.Store, d.src.Catalogue, branch, now); err != nil {
		return stats.Live{}, err
	}
	return l, nil
}

// rangeFigures reads ?from=&to= (default: today at the branch).
func (d *dashboard) rangeFigures(ctx context.Context, r *http.Request, branch string) (stats.Figures, error) {
	today := d.src.Catalogue.Day(branch, time.Now())
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if from == "" {
		from = today
	}
	if to == "" {
		to = from
	}
	return d.src.Range(ctx, branch, from, to, time.Now())
}

func (d *dashboard) figures(w http.ResponseWriter, r *http.Request, ctx context.Context, branch string) error {
	f, err := d.rangeFigures(ctx, r, branch)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, f)
	return nil
}

func (d *dashboard) csv(w http.ResponseWriter, r *http.Request, ctx context.Context, branch string) error {
	f, err := d.rangeFigures(ctx, r, branch)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.CSV(&buf, f); err != nil {
		return err
	}
	download(w, "text/csv; charset=utf-8", report.FileName(f, "csv"), buf.Bytes())
	return nil
}

func (d *dashboard) pdf(w http.ResponseWriter, r *http.Request, ctx context.Context, branch string) error {
	f, err := d.rangeFigures(ctx, r, branch)
	if err != nil {
		return err
	}
	b, _ := d.src.Catalogue.Branch(branch)
	var buf bytes.Buffer
	if err := d.reports.PDF(&buf, report.Document{Municipality: d.src.Catalogue.Wire().Municipality,
		Branch: b.Name, Generated: time.Now().In(d.src.Catalogue.Location(branch)), Figures: f}); err != nil {
		return err
	}
	download(w, "application/pdf", report.FileName(f, "pdf"), buf.Bytes())
	return nil
}

func download(w http.ResponseWriter, contentType, name string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
}

// region answers the live figures of every branch the caller may see.
func (d *dashboard) region(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), dashboardTimeout)
	defer cancel()
	p, err := d.principal(ctx, r)
	if err != nil {
		d.fail(w, r, err)
		return
	}
	var all []stats.Live
	for _, b := range d.branches(p) {
		l, err := d.liveOf(ctx, b, time.Now())
		if err != nil {
			d.fail(w, r, err)
			return
		}
		all = append(all, l)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"branches": all})
}
