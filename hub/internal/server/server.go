// Package server runs the hub: it opens the store, loads the catalogue,
// wires the WebSocket endpoint, the REST API and the pages onto one HTTP
// server, and shuts them down in order.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/admin"
	"github.com/shamil-municipal/shamil/hub/internal/api"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/booking"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/citizen"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/dayend"
	"github.com/shamil-municipal/shamil/hub/internal/escalate"
	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/internal/metrics"
	"github.com/shamil-municipal/shamil/hub/internal/notify"
	"github.com/shamil-municipal/shamil/hub/internal/open311"
	"github.com/shamil-municipal/shamil/hub/internal/pages"
	"github.com/shamil-municipal/shamil/hub/internal/performance"
	"github.com/shamil-municipal/shamil/hub/internal/presence"
	"github.com/shamil-municipal/shamil/hub/internal/receipt"
	"github.com/shamil-municipal/shamil/hub/internal/redisproc"
	"github.com/shamil-municipal/shamil/hub/internal/reload"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/internal/vqueue"
	"github.com/shamil-municipal/shamil/hub/internal/whatsapp"
	"github.com/shamil-municipal/shamil/hub/internal/ws"
)

// shutdownGrace is how long connections get to finish at shutdown.
const shutdownGrace = 10 * time.Second

// eventWriteDelay is how long live events wait to be written, so that the
// events of one moment (a call and the desk's next step) reach thousands
// of subscribers in one write each; see events.NewBroker and docs/display.md.
const eventWriteDelay = 5 * time.Millisecond

// Run serves until ctx is cancelled, then shuts down gracefully. ready, if
// not nil, receives the listening address once the hub accepts connections.
func Run(ctx context.Context, cfg config.Config, log *slog.Logger, ready chan<- string) error {
	cat, err := catalogue.Load(cfg.Catalogue)
	if err != nil {
		return err
	}
	rdb, stopRedis, err := OpenRedis(ctx, cfg, false, log)
	if err != nil {
		return err
	}
	defer stopRedis()

	st := store.New(rdb)
	st.SetReplicaWait(store.ReplicaWait{Replicas: cfg.RedisWaitReplicas, Timeout: cfg.RedisWaitTimeout})
	if err := st.LoadScripts(ctx); err != nil {
		return fmt.Errorf("prepare store: %w", err)
	}
	if err := st.MoveAccounts(ctx); err != nil {
		return fmt.Errorf("prepare store: %w", err)
	}
	now := time.Now()
	for _, b := range cat.Wire().Branches {
		day := cat.Day(b.ID, now)
		if err := st.Reconcile(ctx, b.ID, day, day[:4]); err != nil {
			return err
		}
		if err := st.IndexCases(ctx, b.ID); err != nil {
			return err
		}
	}

	broker := events.NewBroker(st, eventWriteDelay, log)
	defer broker.Close()
	acts := actions.New(st, cat, cfg.PublicURL, log)
	meter := metrics.New(st, cat, broker)
	rdb.AddHook(meter.RedisHook())
	acts.Observe = observeRequests(meter, log)
	devices := presence.New(st, log)
	defer presence.Start(ctx, devices)()
	connected := func(p auth.Principal) func() {
		counted, tracked := meter.Connected(p.Role), devices.Connected(p)
		return func() { counted(); tracked() }
	}
	sockets := ws.NewServer(acts, broker, ws.Options{AllowedOrigins: cfg.AllowedOrigins, Logger: log, Connected: connected})
	// Sign-outs and revocations on any hub end this hub's connections too.
	watchCtx, stopWatching := context.WithCancel(ctx)
	watching, err := st.WatchRevocations(watchCtx, log, sockets.Revoke)
	if err != nil {
		stopWatching()
		return err
	}
	defer func() {
		stopWatching()
		watching()
	}()

	// The catalogue reloads at SIGHUP and from /admin; a reload on another
	// replica arrives through Redis.
	reloader := &reload.Reloader{Path: cfg.Catalogue, Cat: cat, Store: st, Log: log}
	watchingCatalogue, err := st.WatchCatalogue(watchCtx, func(file []byte) { reloader.Apply(watchCtx, file) })
	if err != nil {
		return err
	}
	defer func() {
		stopWatching()
		watchingCatalogue()
	}()
	defer reloadOnHangUp(watchCtx, acts, reloader, log)()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", readiness(st))
	mux.Handle("/ws", sockets)
	receipts, err := receipt.NewRenderer(assets.Fonts())
	if err != nil {
		return fmt.Errorf("prepare receipts: %w", err)
	}
	mux.Handle("/api/", api.New(acts, receipts, log))
	web := http.FileServerFS(assets.Web())
	mux.Handle("GET /shared/", web)
	mux.Handle("GET /fonts/", web)
	// Pages: each frontend's package mounts its routes here.
	photos := media.NewDir(filepath.Join(cfg.DataDir, "media"))
	citizen.Mount(mux, acts, st, cat, photos, log)
	pages.Mount(mux, cat)
	pages.MountDashboard(mux, st, cat, log)
	performance.Mount(mux, st, cat, log)
	admin.Mount(mux, acts, st, cat, reloader, log)
	vqueue.Mount(mux, acts, st, cat, log)
	booking.Mount(mux, acts, st, cat, log)
	open311.Mount(mux, acts, st, cat, photos, cfg.PublicURL, log)
	notifiers, wa := notify.Providers(cfg)
	notifiers = meter.Notifiers(notifiers)
	if wa != nil { // a nil *WhatsApp must not become a non-nil Replier
		whatsapp.Mount(mux, &whatsapp.Webhook{AppSecret: cfg.WhatsApp.AppSecret, VerifyToken: cfg.WhatsApp.VerifyToken,
			Acts: acts, Store: st, Cat: cat, Reply: wa, Log: log,
			GraphURL: wa.APIURL, Token: wa.Token, Client: wa.Client, Media: photos})
	}
	defer notify.Start(ctx, st, notifiers, cat, log)()
	defer dayend.Start(ctx, st, cat, log)()
	defer booking.StartClock(ctx, st, cat, log)()
	defer escalate.Start(ctx, st, cat, log)()

	if cfg.MetricsListen != "" {
		stopMetrics, err := serveMetrics(cfg.MetricsListen, meter, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	srv := &http.Server{
		Handler:           readDeadlines(jsonBodyWait, uploadBodyWait, forwardedFor(cfg.TrustedProxies, requestLog(log, mux))),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("hub ready", "address", "http://"+ln.Addr().String(), "public_url", cfg.PublicURL,
		"catalogue", cfg.Catalogue, "branches", len(cat.Wire().Branches))
	for _, b := range cat.Wire().Branches {
		log.Info("branch pages", "branch", b.ID,
			"display", cfg.PublicURL+"/display/"+b.ID+"?token=<hub device add --kind display>",
			"dashboard", cfg.PublicURL+"/dashboard/"+b.ID, "tracking", cfg.PublicURL+"/track")
	}
	if ready != nil {
		ready <- ln.Addr().String()
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	sockets.Shutdown(shutdownCtx)
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("http shutdown", "error", err)
	}
	return nil
}

// OpenRedis connects to --redis-url, or starts the hub's own redis-server
// under the data folder. With join, it uses the one a running hub
// supervises when there is one (admin commands do). The returned func stops
// what was started.
func OpenRedis(ctx context.Context, cfg config.Config, join bool, log *slog.Logger) (redis.UniversalClient, func(), error) {
	if cfg.RedisURL != "" {
		rdb, err := redisproc.Dial(ctx, cfg.RedisURL)
		if err != nil {
			return nil, nil, err
		}
		return rdb, func() { rdb.Close() }, nil
	}
	start := redisproc.Start
	if join {
		start = redisproc.Open
	}
	proc, err := start(ctx, redisproc.Options{DataDir: cfg.DataDir, Durability: cfg.Durability, Logger: log})
	if err != nil {
		return nil, nil, err
	}
	rdb := proc.Client()
	return rdb, func() {
		rdb.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		proc.Stop(stopCtx)
	}, nil
}

// readiness answers 200 when the store answers and holds every script;
// after a store restart it loads the scripts again before saying so.
func readiness(st *store.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		err := st.Ready(ctx)
		if err != nil && st.LoadScripts(ctx) == nil {
			err = st.Ready(ctx)
		}
		if err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	}
}
