package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// changeOne runs an admin command on one device, person or key, named by
// --<name>: change returns what --json prints (one object) and the
// sentence printed otherwise.
func changeOne(ctx context.Context, args []string, stdout io.Writer, name, help string,
	change func(acts *actions.Actions, by actions.Actor, value string) (any, string, error)) error {
	var value string
	var asJSON bool
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&value, name, "", help)
		fs.BoolVar(&asJSON, "json", false, "print one JSON object")
	})
	if err != nil {
		return err
	}
	if value == "" {
		return fmt.Errorf("--%s is required", name)
	}
	return adminStore(ctx, cfg, nil, func(_ *store.Store, acts *actions.Actions, by actions.Actor) error {
		obj, text, err := change(acts, by, value)
		if err != nil {
			return err
		}
		if asJSON {
			return json.NewEncoder(stdout).Encode(obj)
		}
		_, err = fmt.Fprintln(stdout, text)
		return err
	})
}

// listAll runs a list command: list returns the rows, printed as one JSON
// array with --json, else as a table by table (header first).
func listAll[T any](ctx context.Context, args []string, stdout io.Writer, extra func(*flag.FlagSet),
	list func(st *store.Store) ([]T, error), header string, row func(T) string) error {
	var asJSON bool
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print one JSON array")
		if extra != nil {
			extra(fs)
		}
	})
	if err != nil {
		return err
	}
	return adminStore(ctx, cfg, nil, func(st *store.Store, _ *actions.Actions, _ actions.Actor) error {
		rows, err := list(st)
		if err != nil {
			return err
		}
		if asJSON {
			if rows == nil {
				rows = []T{}
			}
			return json.NewEncoder(stdout).Encode(rows)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, header)
		for _, r := range rows {
			fmt.Fprintln(w, row(r))
		}
		return w.Flush()
	})
}
