package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"slices"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/server"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// adminStore opens the store the server uses, checks the branches against
// the catalogue and runs fn with the actions over it, acting as the
// command line's user (audited as cli:<user>, from "local"). With the
// supervised Redis it connects to the running server's, or starts one for
// the time of the command.
func adminStore(ctx context.Context, cfg config.Config, branches []string, fn func(*store.Store, *actions.Actions, actions.Actor) error) error {
	cat, err := catalogue.Load(cfg.Catalogue)
	if err != nil {
		return err
	}
	for _, branch := range branches {
		if _, ok := cat.Branch(branch); !ok {
			return fmt.Errorf("%q is not a branch of %s", branch, cfg.Catalogue)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rdb, closeStore, err := server.OpenRedis(ctx, cfg, true, log)
	if err != nil {
		return err
	}
	defer closeStore()
	st := store.New(rdb)
	// The command may run before any hub of this version has started.
	if err := st.MoveAccounts(ctx); err != nil {
		return err
	}
	return fn(st, actions.New(st, cat, cfg.PublicURL, log), cliActor())
}

// cliActor is the admin the command line acts as: whoever runs it on the
// hub's machine.
func cliActor() actions.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return actions.Actor{Principal: auth.Principal{ID: "cli:" + name, Role: protocol.RoleAdmin}, Addr: "local"}
}

func addDevice(ctx context.Context, args []string, stdout io.Writer) error {
	var branch, kind, name string
	var asJSON bool
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&branch, "branch", "", "branch id")
		fs.StringVar(&kind, "kind", "", "kiosk or display")
		fs.StringVar(&name, "name", "", "what the device is known by, e.g. \"hall kiosk 2\"")
		fs.BoolVar(&asJSON, "json", false, "print one JSON object")
	})
	if err != nil {
		return err
	}
	role := protocol.Role(kind)
	if role != protocol.RoleKiosk && role != protocol.RoleDisplay {
		return fmt.Errorf("--kind %q: want kiosk or display", kind)
	}
	return adminStore(ctx, cfg, []string{branch}, func(_ *store.Store, acts *actions.Actions, by actions.Actor) error {
		id, token, err := acts.AddDevice(ctx, by, branch, role, name)
		if err != nil {
			return err
		}
		if asJSON {
			return json.NewEncoder(stdout).Encode(map[string]string{"id": id, "token": token})
		}
		fmt.Fprintf(stdout, "Added %s %s to branch %s.\nToken (shown once, keep it safe): %s\n", kind, id, branch, token)
		return nil
	})
}

func addUser(ctx context.Context, args []string, stdout io.Writer) error {
	var branch, role, name, username, department, mobile string
	var asJSON, head bool
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&branch, "branch", "", "branch id")
		fs.StringVar(&role, "role", "", "officer, manager, admin or department")
		fs.StringVar(&department, "department", "", "the department's code, for --role department")
		fs.BoolVar(&head, "head", false, "the department's head, for --role department")
		fs.StringVar(&mobile, "mobile", "", "a Saudi mobile number where the notifier tells a head of overdue cases, for --role department (optional)")
		fs.StringVar(&name, "name", "", "the person's name as shown to others")
		fs.StringVar(&username, "username", "", "sign-in name (default: derived from --name)")
		fs.BoolVar(&asJSON, "json", false, "print one JSON object")
	})
	if err != nil {
		return err
	}
	r := protocol.Role(role)
	if r != protocol.RoleOfficer && r != protocol.RoleManager && r != protocol.RoleAdmin && r != protocol.RoleDepartment {
		return fmt.Errorf("--role %q: want officer, manager, admin or department", role)
	}
	if (r == protocol.RoleDepartment) != (department != "") {
		return fmt.Errorf("--department goes with --role department, and only with it")
	}
	if head && r != protocol.RoleDepartment {
		return fmt.Errorf("--head goes with --role department")
	}
	if mobile != "" && r != protocol.RoleDepartment {
		return fmt.Errorf("--mobile goes with --role department")
	}
	if name == "" {
		return fmt.Errorf("--name is required")
	}
	return adminStore(ctx, cfg, []string{branch}, func(_ *store.Store, acts *actions.Actions, by actions.Actor) error {
		user, password, err := acts.AddUser(ctx, by, branch, r, department, head, mobile, name, username)
		if err != nil {
			return err
		}
		if asJSON {
			return json.NewEncoder(stdout).Encode(map[string]string{"username": user, "password": password})
		}
		fmt.Fprintf(stdout, "Added %s %s (%s) to branch %s.\nPassword (shown once): %s\n", role, user, name, branch, password)
		return nil
	})
}

// setRegion makes a manager responsible for further branches: the
// regional view shows them beside the manager's own.
func setRegion(ctx context.Context, args []string, stdout io.Writer) error {
	var username, list string
	cfg, err := config.ParseWith(args, os.Getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "the manager's sign-in name")
		fs.StringVar(&list, "branches", "", "the further branches, comma-separated; empty ends the region")
	})
	if err != nil {
		return err
	}
	if username == "" {
		return fmt.Errorf("--username is required")
	}
	var branches []string
	for b := range strings.SplitSeq(list, ",") {
		if b = strings.TrimSpace(b); b != "" && !slices.Contains(branches, b) {
			branches = append(branches, b)
		}
	}
	return adminStore(ctx, cfg, branches, func(_ *store.Store, acts *actions.Actions, by actions.Actor) error {
		if err := acts.SetRegion(ctx, by, username, branches); err != nil {
			return err
		}
		if len(branches) == 0 {
			fmt.Fprintf(stdout, "%s now oversees their own branch only.\n", username)
			return nil
		}
		fmt.Fprintf(stdout, "%s now also oversees %s.\n", username, strings.Join(branches, ", "))
		return nil
	})
}
