package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

const sample = "--catalogue=../../catalogues/qatif.yaml"

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// The admin commands print exactly one JSON object with --json, and the
// secret they print works.
func TestAddDeviceAndUserAsJSON(t *testing.T) {
	srv := redistest.Start(t)
	st := store.New(srv.Client())
	ctx := context.Background()

	out, errOut, code := run(t, "device", "add", "--branch", "qatif", "--kind", "kiosk", "--json", "--redis-url", srv.URL(), sample)
	if code != 0 {
		t.Fatalf("device add: exit %d: %s", code, errOut)
	}
	var device map[string]string
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&device); err != nil || dec.More() || len(device) != 2 || device["id"] == "" || device["token"] == "" {
		t.Fatalf("device add printed %q", out)
	}
	p, err := st.Authenticate(ctx, device["token"])
	if err != nil || p.ID != device["id"] || p.Role != "kiosk" || p.Branch != "qatif" {
		t.Fatalf("the printed token authenticates as %+v, %v", p, err)
	}

	out, errOut, code = run(t, "user", "add", "--branch", "qatif", "--role", "officer", "--name", "سارة القحطاني", "--json", "--redis-url", srv.URL(), sample)
	if code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errOut)
	}
	var user map[string]string
	dec = json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&user); err != nil || dec.More() || len(user) != 2 || user["username"] == "" || len(user["password"]) < 12 {
		t.Fatalf("user add printed %q", out)
	}
	if _, p, err := signInTo(st, user["username"], user["password"]); err != nil || p.Name != "سارة القحطاني" {
		t.Fatalf("sign in with the printed password: %+v %v", p, err)
	}

	manager, _, err := hubtest.AddUser(ctx, st, "qatif", "manager", "Reem", "reem")
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, "user", "region", "--username", manager, "--branches", " qatif,qatif ", "--redis-url", srv.URL(), sample)
	if code != 0 || !strings.Contains(out, "reem now also oversees qatif.") {
		t.Fatalf("user region: exit %d, %q, %q", code, out, errOut)
	}
	_, errOut, code = run(t, "user", "region", "--username", user["username"], "--branches", "qatif", "--redis-url", srv.URL(), sample)
	if code != 1 || !strings.Contains(errOut, "only a manager has a region") {
		t.Fatalf("user region of an officer: exit %d, %q", code, errOut)
	}
}

// A department's head is added with --role department --department --head
// (and --mobile, where the notifier tells them of overdue cases) and signs
// in as one.
func TestAddDepartmentHead(t *testing.T) {
	srv := redistest.Start(t)
	_, errOut, code := run(t, "user", "add", "--branch", "qatif", "--role", "department", "--department", "roads", "--head",
		"--mobile", "12345", "--name", "Khalid Roads", "--json", "--redis-url", srv.URL(), sample)
	if code == 0 || !strings.Contains(errOut, "mobile") {
		t.Fatalf("a bad mobile number: exit %d: %s", code, errOut)
	}
	out, errOut, code := run(t, "user", "add", "--branch", "qatif", "--role", "department", "--department", "roads", "--head",
		"--mobile", "055 111 2233", "--name", "Khalid Roads", "--json", "--redis-url", srv.URL(), sample)
	if code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errOut)
	}
	var user map[string]string
	if err := json.Unmarshal([]byte(out), &user); err != nil || len(user) != 2 {
		t.Fatalf("user add printed %q", out)
	}
	_, p, err := signInTo(store.New(srv.Client()), user["username"], user["password"])
	if err != nil || p.Role != "department" || p.Department != "roads" || !p.Head || p.Branch != "qatif" {
		t.Fatalf("signed in as %+v, %v", p, err)
	}
	heads, err := store.New(srv.Client()).DepartmentHeads(context.Background(), "roads")
	if err != nil || len(heads) != 1 || heads[0].Mobile != "+966551112233" {
		t.Fatalf("the heads of roads: %+v, %v", heads, err)
	}
}

// Without --redis-url the command uses the supervised Redis of the data
// folder, starting it for the time of the command when no hub runs.
func TestAdminCommandWithDataDir(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := run(t, "device", "add", "--branch", "qatif", "--kind", "display", "--data-dir", dir, sample)
	if code != 0 || !strings.Contains(out, "Token (shown once") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A second command finds the device the first stored.
	out2, _, code := run(t, "device", "add", "--branch", "qatif", "--kind", "kiosk", "--data-dir", dir, "--json", sample)
	if code != 0 || out2 == out {
		t.Fatalf("second add: exit %d, %q", code, out2)
	}
}

func TestAdminCommandErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"device", "add", "--branch", "qatif", "--kind", "printer", sample}, `--kind "printer"`},
		{[]string{"device", "add", "--branch", "dammam", "--kind", "kiosk", "--redis-url", "redis://127.0.0.1:1", sample}, `"dammam" is not a branch`},
		{[]string{"user", "region", "--username", "reem", "--branches", "qatif,dammam", "--redis-url", "redis://127.0.0.1:1", sample}, `"dammam" is not a branch`},
		{[]string{"user", "region", "--branches", "qatif", sample}, "--username is required"},
		{[]string{"user", "add", "--branch", "qatif", "--role", "king", "--name", "x", sample}, `--role "king"`},
		{[]string{"user", "add", "--branch", "qatif", "--role", "officer", sample}, "--name is required"},
		{[]string{"user", "add", "--branch", "qatif", "--role", "department", "--name", "x", sample}, "--department goes with --role department"},
		{[]string{"user", "add", "--branch", "qatif", "--role", "officer", "--department", "roads", "--name", "x", sample}, "--department goes with --role department"},
		{[]string{"user", "add", "--branch", "qatif", "--role", "officer", "--head", "--name", "x", sample}, "--head goes with --role department"},
		{[]string{"user", "add", "--branch", "qatif", "--role", "department", "--department", "parks", "--name", "x", sample}, `"parks" is not a department of the catalogue serving qatif (department)`},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--listen", "nope"}, "--listen"},
	} {
		_, errOut, code := run(t, c.args...)
		if code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want it to mention %s", c.args, code, errOut, c.want)
		}
	}
	if out, _, code := run(t, "help"); code != 0 || !strings.Contains(out, "hub device add") || !strings.Contains(out, "SHAMIL_REDIS_URL") {
		t.Errorf("help: exit %d, %q", code, out)
	}
}

// signInTo signs a person in to st as the hub would.
func signInTo(st *store.Store, username, password string) (string, auth.Principal, error) {
	acts := actions.New(st, nil, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	return acts.SignIn(context.Background(), username, password, "203.0.113.5")
}
