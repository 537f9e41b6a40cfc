package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// listUsers prints every person (or a branch's, with --branch).
func listUsers(ctx context.Context, args []string, stdout io.Writer) error {
	var branch string
	return listAll(ctx, args, stdout, func(fs *flag.FlagSet) { fs.StringVar(&branch, "branch", "", "only this branch") },
		func(st *store.Store) ([]store.User, error) { return st.ListUsers(ctx, branch) },
		"USERNAME\tNAME\tROLE\tBRANCH\tREGION\tSTATE",
		func(u store.User) string {
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t%s", u.Username, u.Name, u.Role, u.Branch, strings.Join(u.Region, ","), state(!u.Disabled, "disabled"))
		})
}

// userCommand is one of the commands changing a person's account.
func userCommand(ctx context.Context, args []string, stdout io.Writer, change func(acts *actions.Actions, by actions.Actor, username string) (any, string, error)) error {
	return changeOne(ctx, args, stdout, "username", "the person's sign-in name", change)
}

func disableUser(ctx context.Context, args []string, stdout io.Writer) error {
	return userCommand(ctx, args, stdout, func(acts *actions.Actions, by actions.Actor, u string) (any, string, error) {
		if err := acts.DisableUser(ctx, by, u); err != nil {
			return nil, "", err
		}
		return map[string]any{"username": u, "disabled": true}, fmt.Sprintf("Disabled %s: they are signed out and cannot sign in.", u), nil
	})
}

func enableUser(ctx context.Context, args []string, stdout io.Writer) error {
	return userCommand(ctx, args, stdout, func(acts *actions.Actions, by actions.Actor, u string) (any, string, error) {
		if err := acts.EnableUser(ctx, by, u); err != nil {
			return nil, "", err
		}
		return map[string]any{"username": u, "disabled": false}, fmt.Sprintf("Enabled %s: they may sign in again.", u), nil
	})
}

func resetPassword(ctx context.Context, args []string, stdout io.Writer) error {
	return userCommand(ctx, args, stdout, func(acts *actions.Actions, by actions.Actor, u string) (any, string, error) {
		password, err := acts.ResetPassword(ctx, by, u)
		if err != nil {
			return nil, "", err
		}
		return map[string]any{"username": u, "password": password},
			fmt.Sprintf("New password for %s (shown once; their sessions are ended): %s", u, password), nil
	})
}

func endSessions(ctx context.Context, args []string, stdout io.Writer) error {
	return userCommand(ctx, args, stdout, func(acts *actions.Actions, by actions.Actor, u string) (any, string, error) {
		if err := acts.EndSessions(ctx, by, u); err != nil {
			return nil, "", err
		}
		return map[string]any{"username": u, "sessions_ended": true}, fmt.Sprintf("Signed %s out everywhere; they may sign in again.", u), nil
	})
}
