package metrics

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/notify"
)

// Notifiers returns ns, each counting its sends and failures.
func (m *Metrics) Notifiers(ns []notify.Notifier) []notify.Notifier {
	out := make([]notify.Notifier, len(ns))
	for i, n := range ns {
		out[i] = countedNotifier{n, m}
	}
	return out
}

type countedNotifier struct {
	notify.Notifier
	m *Metrics
}

func (c countedNotifier) Send(ctx context.Context, msg notify.Message) error {
	err := c.Notifier.Send(ctx, msg)
	outcome := "sent"
	if err != nil {
		outcome = "failed"
	}
	c.m.sends.WithLabelValues(c.Name(), outcome).Inc()
	return err
}
