package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// addAPIKey issues an Open311 API key (docs/open311.md) and prints it once.
func addAPIKey(ctx context.Context, args []string, stdout io.Writer) error {
	var branch, name string
	var asJSON bool
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&branch, "branch", "", "branch id: the jurisdiction_id whose cases the key may open")
		fs.StringVar(&name, "name", "", "the integration the key is for, e.g. FixMyStreet")
		fs.BoolVar(&asJSON, "json", false, "print one JSON object")
	})
	if err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("--name is required")
	}
	return adminStore(ctx, cfg, []string{branch}, func(st *store.Store) error {
		key, info, err := st.AddAPIKey(ctx, branch, name)
		if err != nil {
			return err
		}
		if asJSON {
			return json.NewEncoder(stdout).Encode(map[string]string{"id": info.ID, "name": info.Name, "branch": branch, "api_key": key})
		}
		fmt.Fprintf(stdout, "Added Open311 API key %s for %s at branch %s.\nAPI key (shown once, keep it safe): %s\n", info.ID, info.Name, branch, key)
		return nil
	})
}
