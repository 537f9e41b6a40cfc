package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// listDevices prints every device (or a branch's, with --branch).
func listDevices(ctx context.Context, args []string, stdout io.Writer) error {
	var branch string
	return listAll(ctx, args, stdout, func(fs *flag.FlagSet) { fs.StringVar(&branch, "branch", "", "only this branch") },
		func(st *store.Store) ([]store.Device, error) { return st.ListDevices(ctx, branch) },
		"ID\tNAME\tKIND\tBRANCH\tENROLLED\tLAST SEEN\tSTATE",
		func(d store.Device) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s\t%s", d.ID, d.Name, d.Role, d.Branch, d.CreatedAt.Format("2006-01-02 15:04"),
				lastSeen(d), state(!d.Revoked, "revoked"))
		})
}

// lastSeen is "online now", the last minute a device was connected, or
// "never".
func lastSeen(d store.Device) string {
	switch {
	case d.Online:
		return "online now"
	case d.LastSeen.IsZero():
		return "never"
	}
	return d.LastSeen.Format("2006-01-02 15:04")
}

// revokeDevice stops a stolen or retired device's token and closes its
// live connections.
func revokeDevice(ctx context.Context, args []string, stdout io.Writer) error {
	return changeOne(ctx, args, stdout, "id", "the device id, e.g. kiosk-7f3a9c",
		func(acts *actions.Actions, by actions.Actor, id string) (any, string, error) {
			if err := acts.RevokeDevice(ctx, by, id); err != nil {
				return nil, "", err
			}
			return map[string]any{"id": id, "revoked": true}, fmt.Sprintf("Revoked %s: its token no longer works and its connections are closed.", id), nil
		})
}

// state is "active", or what the account is when not.
func state(active bool, not string) string {
	if active {
		return "active"
	}
	return not
}
