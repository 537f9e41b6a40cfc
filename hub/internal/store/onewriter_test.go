package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

const (
	module    = "github.com/shamil-municipal/shamil"
	storePath = module + "/hub/internal/store"
)

// mayWrite are the packages besides actions that call the Store's writes,
// each with its reason. Everything else (the transports: ws, api, citizen,
// whatsapp, open311, pages, vqueue, booking, admin…) reads from the store
// and changes state only through hub/internal/actions, where the rules are.
var mayWrite = map[string]string{
	"hub/internal/actions": "the one place for the rules: every change of state",
	"hub/internal/server":  "wiring: loads the scripts into Redis's cache, moves an older hub's accounts (MoveAccounts)",
	"hub/internal/cli":     "moves an older hub's accounts (MoveAccounts) before an admin command, which then goes through actions",
	// Jobs that run on a clock, for no principal; each writes what it owns.
	"hub/internal/dayend":   "the day's end at midnight: closes the day's tickets",
	"hub/internal/escalate": "the back office's timer: marks a case escalated once per target",
	"hub/internal/notify":   "the notifier's lease and offset, and the timeline line saying the citizen was told",
	"hub/internal/guess":    "its wrong-access-code counters, like the rate limiter's: no case or ticket changes",
	"hub/internal/reload":   "the catalogue's reload, run only by actions.ReloadCatalogue: sends the file to the replicas, counts them, tells each branch's screens",
	"hub/internal/presence": "the devices' last seen and online now, kept by the live connections: no case or ticket changes",
	// Test helpers (non-test files only because other packages' tests share them).
	"hub/hubtest":                  "the test harness enrols devices and people",
	"hub/internal/stats/statstest": "test fixtures",
	"hub/loadgen":                  "the benchmark's harness enrols its own devices (make bench)",
}

// mayCall are single store methods a package may call though they write,
// each with its reason.
var mayCall = map[string]string{
	"hub/internal/citizen.Redis": "the client its rate limiter counts on (ratelimit.New)",
	"hub/internal/booking.Redis": "the client its rate limiter counts on (ratelimit.New)",
	"hub/internal/open311.Redis": "the client its rate limiter counts on (ratelimit.New)",
	// A job on a clock, for no principal, like dayend's.
	"hub/internal/booking.DueBookings": "the appointments' clock: reminders and no-shows once the grace has passed",
	// A conversation's draft and language are the channel's own session,
	// like a page's form: the case is written only through actions.
	"hub/internal/whatsapp.UpdateWhatsAppChat":    "the conversation's state: its draft report and language",
	"hub/internal/whatsapp.FirstWhatsAppDelivery": "the webhook's record of the message ids seen, so a redelivery is answered once",
}

// listed is one package as `go list -json` describes it.
type listed struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Export     string
	Error      *struct{ Err string }
}

// No package outside mayWrite calls a Store method in writes: the
// transports reach state changes only through actions. The packages are
// type-checked, so a call through a field, an embedded Store or a method
// value counts the same as st.Method(…).
func TestOnlyActionsWrite(t *testing.T) {
	calls, err := storeWriteCalls("../../...")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if _, ok := mayWrite[c.pkg]; ok {
			continue
		}
		if _, ok := mayCall[c.pkg+"."+c.method]; ok {
			continue
		}
		t.Errorf("%s: %s calls Store.%s, which writes: go through hub/internal/actions (or list the package in onewriter_test.go with its reason)",
			c.pos, c.pkg, c.method)
	}
	for pkg := range mayWrite {
		if !slices.ContainsFunc(calls, func(c writeCall) bool { return c.pkg == pkg }) {
			t.Errorf("mayWrite lists %s, which calls no store write: remove it", pkg)
		}
	}
	for call := range mayCall {
		if !slices.ContainsFunc(calls, func(c writeCall) bool { return c.pkg+"."+c.method == call }) {
			t.Errorf("mayCall lists %s, which is not called: remove it", call)
		}
	}
}

type writeCall struct {
	pkg, method string // pkg relative to the module, e.g. hub/internal/citizen
	pos         token.Position
}

// storeWriteCalls type-checks the non-test files of the packages matching
// pattern (against the compiler's export data of their imports) and
// returns every use of a Store method listed in writes.
func storeWriteCalls(pattern string) ([]writeCall, error) {
	args := []string{"list", "-e", "-export", "-deps", "-json=ImportPath,Dir,GoFiles,Export,Error"}
	if raceBuilt() { // the packages are compiled already, for the tests: share them
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, pattern)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w: %s", err, stderr.String())
	}
	var pkgs []listed
	exports := map[string]string{}
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		if strings.HasPrefix(p.ImportPath, module+"/hub/") && p.ImportPath != storePath {
			pkgs = append(pkgs, p)
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	isWrite := map[string]bool{}
	for _, m := range writes {
		isWrite[m] = true
	}
	var calls []writeCall
	for _, p := range pkgs {
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
		if _, err := (&types.Config{Importer: imp}).Check(p.ImportPath, fset, files, info); err != nil {
			return nil, fmt.Errorf("type-check %s: %w", p.ImportPath, err)
		}
		rel := strings.TrimPrefix(p.ImportPath, module+"/")
		for expr, sel := range info.Selections {
			fn, ok := sel.Obj().(*types.Func)
			if !ok || !isWrite[fn.Name()] || !isStoreMethod(fn) {
				continue
			}
			calls = append(calls, writeCall{pkg: rel, method: fn.Name(), pos: fset.Position(expr.Sel.Pos())})
		}
	}
	slices.SortFunc(calls, func(a, b writeCall) int { return strings.Compare(a.pos.String(), b.pos.String()) })
	return calls, nil
}

// raceBuilt reports whether this test runs with the race detector.
func raceBuilt() bool {
	info, ok := debug.ReadBuildInfo()
	return ok && slices.ContainsFunc(info.Settings, func(s debug.BuildSetting) bool { return s.Key == "-race" && s.Value == "true" })
}

// isStoreMethod reports whether fn is a method of store.Store.
func isStoreMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == storePath && named.Obj().Name() == "Store"
}
