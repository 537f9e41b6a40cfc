package server

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/reload"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// hangUp is who reloads the catalogue at SIGHUP, in the audit log: the
// operator who sent the signal on the hub's machine.
var hangUp = actions.Actor{Principal: auth.Principal{ID: "signal:SIGHUP", Role: protocol.RoleAdmin}, Addr: "local"}

// reloadOnHangUp reloads the catalogue at each SIGHUP until ctx ends or
// stop is called; the outcome, or why nothing changed, is logged.
func reloadOnHangUp(ctx context.Context, acts *actions.Actions, r *reload.Reloader, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				version, err := acts.ReloadCatalogue(ctx, hangUp, r.Reload)
				if err != nil {
					log.Error("catalogue reload at SIGHUP refused", "file", r.Path, "error", err)
					continue
				}
				log.Info("catalogue reload at SIGHUP", "file", r.Path, "version", version)
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		cancel()
		<-done
	}
}
