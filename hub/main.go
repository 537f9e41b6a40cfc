// Command hub is Shamil's server: tickets, desks, cases and live events for
// every kiosk, desk, display and citizen. `hub help` lists its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	_ "time/tzdata" // branch time zones work on machines without tzdata

	"github.com/shamil-municipal/shamil/hub/internal/cli"
)

func main() {
	// The hub's heap is mostly the small, long-lived state of thousands of
	// connections, so half the collector's default headroom keeps about
	// 1 KB per connection out of memory for little CPU (README,
	// Benchmarks). GOGC in the environment still decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
