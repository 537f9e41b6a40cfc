// Package admin is the /admin console's server side (docs/admin.md): the
// page, and the JSON routes it reads and writes with an admin's session.
// Every write goes through the actions, which audit it.
package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/guess"
	"github.com/shamil-municipal/shamil/hub/internal/httpx"
	"github.com/shamil-municipal/shamil/hub/internal/reload"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// auditShown is how many audit entries the console shows: the last day's.
const auditShown = 24 * time.Hour

type console struct {
	acts *actions.Actions
	st   *store.Store
	cat  *catalogue.Catalogue
	rl   *reload.Reloader
	log  *slog.Logger
}

// Mount adds /admin/ and its routes under /api/v1/admin/ to mux.
func Mount(mux *http.ServeMux, acts *actions.Actions, st *store.Store, cat *catalogue.Catalogue, rl *reload.Reloader, log *slog.Logger) {
	c := &console{acts: acts, st: st, cat: cat, rl: rl, log: log}
	mux.Handle("GET /admin/", http.FileServerFS(assets.Web()))
	mux.HandleFunc("GET /api/v1/admin/devices", c.serve(func(ctx context.Context, _ actions.Actor, _ *http.Request) (any, error) {
		return list(c.st.ListDevices(ctx, ""))
	}))
	mux.HandleFunc("GET /api/v1/admin/users", c.serve(func(ctx context.Context, _ actions.Actor, _ *http.Request) (any, error) {
		return list(c.st.ListUsers(ctx, ""))
	}))
	mux.HandleFunc("GET /api/v1/admin/apikeys", c.serve(func(ctx context.Context, _ actions.Actor, _ *http.Request) (any, error) {
		return list(c.st.ListAPIKeys(ctx))
	}))
	mux.HandleFunc("GET /api/v1/admin/audit", c.serve(func(ctx context.Context, _ actions.Actor, _ *http.Request) (any, error) {
		return c.st.AuditLog(ctx, time.Now().Add(-auditShown), 1000)
	}))
	mux.HandleFunc("POST /api/v1/admin/devices", c.serve(c.addDevice))
	mux.HandleFunc("POST /api/v1/admin/users", c.serve(c.addPerson))
	mux.HandleFunc("POST /api/v1/admin/apikeys", c.serve(c.addAPIKey))
	mux.HandleFunc("POST /api/v1/admin/catalogue/reload", c.serve(func(ctx context.Context, by actions.Actor, _ *http.Request) (any, error) {
		version, err := c.acts.ReloadCatalogue(ctx, by, c.rl.Reload)
		return map[string]string{"version": version}, err
	}))
	mux.HandleFunc("POST /api/v1/admin/devices/{id}/revoke", c.serve(func(ctx context.Context, by actions.Actor, r *http.Request) (any, error) {
		return ok(c.acts.RevokeDevice(ctx, by, r.PathValue("id")))
	}))
	mux.HandleFunc("POST /api/v1/admin/apikeys/{id}/revoke", c.serve(func(ctx context.Context, by actions.Actor, r *http.Request) (any, error) {
		return c.acts.RevokeAPIKey(ctx, by, r.PathValue("id"))
	}))
	mux.HandleFunc("POST /api/v1/admin/users/{username}/{change}", c.serve(func(ctx context.Context, by actions.Actor, r *http.Request) (any, error) {
		u := r.PathValue("username")
		switch r.PathValue("change") {
		case "disable":
			return ok(c.acts.DisableUser(ctx, by, u))
		case "enable":
			return ok(c.acts.EnableUser(ctx, by, u))
		case "end-sessions":
			return ok(c.acts.EndSessions(ctx, by, u))
		case "reset-password":
			password, err := c.acts.ResetPassword(ctx, by, u)
			return map[string]string{"username": u, "password": password}, err
		}
		return nil, words.UnknownChange.Fill(r.PathValue("change")).Error(protocol.CodeNotFound)
	}))
}

// list answers an empty list as [], not null.
func list[T any](rows []T, err error) ([]T, error) {
	if rows == nil {
		rows = []T{}
	}
	return rows, err
}

func ok(err error) (any, error) { return map[string]bool{"ok": err == nil}, err }

// serve answers one route for a signed-in admin: reads are refused to
// anyone else here, writes by the actions too.
func (c *console) serve(do func(ctx context.Context, by actions.Actor, r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		token, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !found || token == "" {
			httpx.WriteError(w, words.SignInFirst.Error(protocol.CodeUnauthenticated))
			return
		}
		p, err := c.acts.Authenticate(ctx, token)
		if err != nil {
			httpx.WriteError(w, err)
			return
		}
		if p.Role != protocol.RoleAdmin {
			httpx.WriteError(w, words.AdminsOnly.Error(protocol.CodeForbidden))
			return
		}
		out, err := do(ctx, actions.Actor{Principal: p, Addr: guess.ClientAddr(r)}, r)
		if err != nil {
			if !errors.As(err, new(*protocol.Error)) {
				c.log.Error("admin console", "path", r.URL.Path, "error", err)
			}
			httpx.WriteError(w, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, out)
	}
}
