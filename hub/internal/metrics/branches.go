package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/events"
	"github.com/shamil-municipal/shamil/hub/internal/stats"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 5 * time.Second

// branches reads each branch's figures from the store at scrape time: the
// same figures the dashboard shows, so they agree across hub replicas and
// need no counting in the code that changes them. The day's counters start
// again at zero when the branch's day begins, which Prometheus's rate() and
// increase() take as a counter reset.
type branches struct {
	src    stats.Source
	broker *events.Broker

	issued, called, served, noShows *prometheus.Desc
	waiting, longestWait, openCases *prometheus.Desc
	lagEvents, lagSeconds           *prometheus.Desc
	failures                        *prometheus.CounterVec
}

func newBranches(st *store.Store, cat *catalogue.Catalogue, broker *events.Broker) *branches {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, []string{"branch"}, nil)
	}
	return &branches{
		src:         stats.Source{Store: st, Catalogue: cat},
		broker:      broker,
		issued:      desc("shamil_tickets_issued_total", "Tickets issued today at the branch (local day)."),
		called:      desc("shamil_tickets_called_total", "Tickets called to a desk today at the branch."),
		served:      desc("shamil_tickets_served_total", "Tickets served to completion today at the branch."),
		noShows:     desc("shamil_tickets_no_shows_total", "Tickets called today that did not come."),
		waiting:     desc("shamil_waiting", "People waiting at the branch now."),
		longestWait: desc("shamil_longest_wait_seconds", "How long the earliest visitor still waiting has waited."),
		openCases:   desc("shamil_open_cases", "Cases of the branch not yet resolved or closed."),
		lagEvents:   desc("shamil_event_stream_lag_events", "Events in the branch's stream not yet handed to this process's subscribers (only for branches with subscribers here)."),
		lagSeconds:  desc("shamil_event_stream_lag_seconds", "Age of the oldest event in the branch's stream not yet handed to this process's subscribers; 0 when none waits."),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shamil_scrape_errors_total",
			Help: "Scrapes that could not read a branch's figures from the store.",
		}, []string{"branch"}),
	}
}

func (b *branches) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{b.issued, b.called, b.served, b.noShows, b.waiting, b.longestWait,
		b.openCases, b.lagEvents, b.lagSeconds} {
		ch <- d
	}
	b.failures.Describe(ch)
}

func (b *branches) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	now := time.Now()
	fanned := b.broker.Fanned()
	for _, br := range b.src.Catalogue.Wire().Branches {
		if err := b.collect(ctx, ch, br.ID, now, fanned); err != nil {
			b.failures.WithLabelValues(br.ID).Inc()
			ch <- prometheus.NewInvalidMetric(b.waiting, err)
		}
	}
	b.failures.Collect(ch)
}

func (b *branches) collect(ctx context.Context, ch chan<- prometheus.Metric, branch string, now time.Time, fanned map[string]protocol.Position) error {
	live, err := b.src.Live(ctx, branch, now)
	if err != nil {
		return err
	}
	counter := func(d *prometheus.Desc, v int) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), branch)
	}
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, branch)
	}
	counter(b.issued, live.Today.Tickets)
	counter(b.called, live.Today.Wait.Count) // a wait is counted for each ticket called
	counter(b.served, live.Today.Served)
	counter(b.noShows, live.Today.NoShows)
	gauge(b.waiting, float64(live.Waiting))
	gauge(b.longestWait, float64(live.LongestWaitSeconds))
	gauge(b.openCases, float64(live.OpenCasesCount))

	pos, ok := fanned[branch]
	if !ok {
		return nil // nobody here watches the branch: nothing lags
	}
	head, err := b.src.Store.Position(ctx, branch)
	if err != nil {
		return err
	}
	behind := max(head.Offset-pos.Offset, 0)
	age := 0.0
	if behind > 0 {
		evs, err := b.src.Store.EventsAfter(ctx, branch, pos.Offset, 1)
		if err != nil {
			return err
		}
		if len(evs) > 0 {
			age = max(now.Sub(evs[0].At).Seconds(), 0)
		}
	}
	gauge(b.lagEvents, float64(behind))
	gauge(b.lagSeconds, age)
	return nil
}
