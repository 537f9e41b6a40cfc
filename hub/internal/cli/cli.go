// Package cli is the hub's command line: the server and the admin commands
// that enrol devices and people.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/server"
)

const usage = `Usage:
  hub [serve] [options]                      run the hub
  hub device add --branch B --kind kiosk|display [--json] [options]
  hub user add --branch B --role officer|manager|admin --name NAME [--username U] [--json] [options]
  hub user region --username U --branches B2,B3 [options]   further branches a manager oversees
  hub apikey add --branch B --name NAME [--json] [options]   an Open311 api_key
  hub device list [--branch B] [--json] [options]
  hub device revoke --id ID [--json] [options]       its token stops working; its connections close (4004)
  hub user list [--branch B] [--json] [options]
  hub user disable|enable --username U [--json] [options]
  hub user reset-password --username U [--json] [options]   a new password, shown once; sessions end
  hub user end-sessions --username U [--json] [options]     signed out everywhere; may sign in again
  hub apikey list [--json] [options]
  hub apikey revoke --id ID [--json] [options]
  hub audit [--since 24h|YYYY-MM-DD|RFC3339] [--json] [options]   sign-ins and admin actions
  hub report --branch B [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format pdf|csv] [--out FILE] [options]
  hub backup --out FILE [options]            one archive of the store, photos and catalogue, while the hub runs
  hub restore --from FILE --data-dir DIR [--force]   unpack a checked archive into an empty (or, with --force, replaced) data folder

Admin commands work whether or not the server is running; they use the same
store as the server (--data-dir or --redis-url) and print the new secret once.
`

// Run runs the command in args and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) == 0 || args[0] == "serve" || (len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help"):
		if len(args) > 0 && args[0] == "serve" {
			args = args[1:]
		}
		err = serve(ctx, args, stderr)
	case len(args) >= 2 && args[0] == "device" && args[1] == "add":
		err = addDevice(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "add":
		err = addUser(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "region":
		err = setRegion(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "apikey" && args[1] == "add":
		err = addAPIKey(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "device" && args[1] == "list":
		err = listDevices(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "device" && args[1] == "revoke":
		err = revokeDevice(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "list":
		err = listUsers(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "disable":
		err = disableUser(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "enable":
		err = enableUser(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "reset-password":
		err = resetPassword(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "user" && args[1] == "end-sessions":
		err = endSessions(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "apikey" && args[1] == "list":
		err = listAPIKeys(ctx, args[2:], stdout)
	case len(args) >= 2 && args[0] == "apikey" && args[1] == "revoke":
		err = revokeAPIKey(ctx, args[2:], stdout)
	case args[0] == "audit":
		err = showAudit(ctx, args[1:], stdout)
	case args[0] == "report":
		err = runReport(ctx, args[1:], stdout)
	case args[0] == "backup":
		err = runBackup(ctx, args[1:], stdout)
	case args[0] == "restore":
		err = runRestore(ctx, args[1:], stdout)
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		fmt.Fprint(stdout, usage)
		config.Usage(stdout)
		return 0
	default:
		err = fmt.Errorf("unknown command %q", args[0])
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		config.Usage(stdout)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "hub: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, err := config.Parse(args, os.Getenv)
	if err != nil {
		return err
	}
	return server.Run(ctx, cfg, newLogger(cfg, stderr), nil)
}

// newLogger writes records at cfg.LogLevel and above to w, as key=value
// text or, for journald and log collectors, one JSON object a line.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
