// Package metrics exports the hub's figures to Prometheus at /metrics on
// their own listen address (--metrics-listen; docs/operations.md lists
// every metric). Branch figures are read from the store when Prometheus
// scrapes (branches.go); what only this process sees (request durations,
// Redis round trips, WebSocket connections, notifier sends) is counted
// where it happens, through the small hooks here.
package metrics

import (
	"errors"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Metrics is one hub process's registry. It is safe for concurrent use.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.HistogramVec
	redis       *prometheus.HistogramVec
	redisErrors *prometheus.CounterVec
	sockets     *prometheus.GaugeVec
	sends       *prometheus.CounterVec
}

// New registers the hub's metrics; branch figures come from st for the
// branches of cat, the fan-out's progress from broker.
func New(st *store.Store, cat *catalogue.Catalogue, broker *events.Broker) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "shamil_request_duration_seconds",
			Help:    "Time to carry out a request (WebSocket or REST), by request type and outcome: ok, refused (a rule or bad input) or error (the store out of reach).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"type", "outcome"}),
		redis: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "shamil_redis_duration_seconds",
			Help:    "Redis round trips by command (pipeline for a pipeline); xread includes its blocking wait.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 2.5},
		}, []string{"command"}),
		redisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shamil_redis_errors_total",
			Help: "Redis commands that failed (not counting a missing key), by command.",
		}, []string{"command"}),
		sockets: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "shamil_websocket_connections",
			Help: "Authenticated WebSocket connections open on this hub process, by role.",
		}, []string{"role"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shamil_notifier_sends_total",
			Help: "Messages handed to a notifier (whatsapp, sms), by provider and outcome: sent or failed (each attempt counts).",
		}, []string{"provider", "outcome"}),
	}
	m.reg.MustRegister(m.requests, m.redis, m.redisErrors, m.sockets, m.sends,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newBranches(st, cat, broker))
	return m
}

// Handler serves the metrics in Prometheus's text format. A branch whose
// figures cannot be read is left out of that scrape (and named in the
// shamil_scrape_errors_total counter) rather than failing the whole scrape.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Request records one request carried out by package actions; err is
// what it returned.
func (m *Metrics) Request(typ string, took time.Duration, err error) {
	outcome := "ok"
	var pe *protocol.Error
	switch {
	case errors.As(err, &pe) && pe.Code == protocol.CodeUnavailable:
		outcome = "error"
	case err != nil && pe != nil:
		outcome = "refused"
	case err != nil:
		outcome = "error"
	}
	m.requests.WithLabelValues(typ, outcome).Observe(took.Seconds())
}

// Connected counts a WebSocket connection of role until the returned
// func is called, when it ends.
func (m *Metrics) Connected(role protocol.Role) (ended func()) {
	g := m.sockets.WithLabelValues(string(role))
	g.Inc()
	return g.Dec
}
