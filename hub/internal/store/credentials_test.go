package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// mintsOrRules are the functions of package auth that make up the
// credential policy of new accounts: minting ids, tokens, passwords, their
// hashing for storage, and the username rules. They belong to
// hub/internal/actions (enrol.go); the store persists what it is handed.
// (auth.HashToken stays usable: the store looks a presented token up by
// its hash.)
var mintsOrRules = []string{
	"NewDeviceID", "NewDeviceToken", "NewSessionToken", "NewPassword", "HashPassword",
	"Username", "UsernameFromName", "NormalizeUsername", "Reserved",
}

// The store mints no credential and applies no username rule.
func TestStoreMintsNoCredentials(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "auth" && slices.Contains(mintsOrRules, sel.Sel.Name) {
				t.Errorf("%s: the store calls auth.%s: credential policy belongs to actions (enrol.go)", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
