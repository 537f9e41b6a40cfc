package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/metrics"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// observeRequests is the actions' hook: each request is timed for the
// metrics and logged (at debug; failures at error, by package actions)
// with the request id the client sent.
func observeRequests(meter *metrics.Metrics, log *slog.Logger) func(auth.Principal, protocol.Request, time.Duration, error) {
	return func(p auth.Principal, req protocol.Request, took time.Duration, err error) {
		meter.Request(req.Type, took, err)
		if log.Enabled(context.Background(), slog.LevelDebug) {
			log.Debug("request", "type", req.Type, "request_id", req.ID, "principal", p.ID, "took", took, "error", err)
		}
	}
}

// requestLog logs each HTTP request with the id its client sent
// (X-Request-Id, else Idempotency-Key): at debug, or at warn when the hub
// answered with a 5xx. An X-Request-Id comes back on the response, so a
// client can match its own logs with the hub's.
func requestLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id != "" {
			w.Header().Set("X-Request-Id", id)
		} else {
			id = r.Header.Get("Idempotency-Key")
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelWarn
		}
		log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"request_id", id, "remote", r.RemoteAddr, "took", time.Since(start))
	})
}

// statusWriter remembers the status written. Unwrap lets
// http.ResponseController reach the connection (the WebSocket hijacks it).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveMetrics serves /metrics on its own listener until the returned
// stop is called.
func serveMetrics(addr string, meter *metrics.Metrics, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", meter.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "error", err)
		}
	}()
	log.Info("metrics ready", "address", "http://"+ln.Addr().String()+"/metrics")
	return func() { srv.Close() }, nil
}
