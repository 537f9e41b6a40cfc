// Command hub is Shamil's server: tickets, desks, cases and live events for
// every kiosk, desk, display and citizen. `hub help` lists its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // branch time zones work on machines without tzdata

	"github.com/shamil-municipal/shamil/hub/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
