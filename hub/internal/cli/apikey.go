package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
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
	return adminStore(ctx, cfg, []string{branch}, func(_ *store.Store, acts *actions.Actions, by actions.Actor) error {
		key, info, err := acts.AddAPIKey(ctx, by, branch, name)
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

// listAPIKeys prints every Open311 API key, revoked ones too.
func listAPIKeys(ctx context.Context, args []string, stdout io.Writer) error {
	return listAll(ctx, args, stdout, nil,
		func(st *store.Store) ([]store.APIKey, error) { return st.ListAPIKeys(ctx) },
		"ID\tNAME\tBRANCH\tISSUED\tSTATE",
		func(k store.APIKey) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s", k.ID, k.Name, k.Branch, k.CreatedAt.Format("2006-01-02 15:04"), state(!k.Revoked, "revoked"))
		})
}

// revokeAPIKey stops an Open311 API key working.
func revokeAPIKey(ctx context.Context, args []string, stdout io.Writer) error {
	return changeOne(ctx, args, stdout, "id", "the key's id, as apikey list shows it",
		func(acts *actions.Actions, by actions.Actor, id string) (any, string, error) {
			k, err := acts.RevokeAPIKey(ctx, by, id)
			if err != nil {
				return nil, "", err
			}
			return map[string]any{"id": id, "name": k.Name, "branch": k.Branch, "revoked": true},
				fmt.Sprintf("Revoked Open311 API key %s (%s at %s).", id, k.Name, k.Branch), nil
		})
}
