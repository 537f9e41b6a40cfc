package store

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every key a script touches is one it declares in KEYS, or its line says
// why it cannot be ("undeclared: <why>"); docs/redis.md has the rules.
func TestScriptsDeclareTheirKeys(t *testing.T) {
	prelude := readLua(t, "prelude")
	helpers := preludeHelpers(prelude)
	checkKeys(t, "prelude", prelude, nil, helpers)
	for _, sc := range scripts {
		src := readLua(t, sc.name)
		checkKeys(t, sc.name, src, sc.keys, helpers)
		checkKeyComments(t, sc.name, src)
	}
}

// checkKeyComments checks that each name in named_keys{…} is on a line of
// its own whose comment starts with its place, "KEYS[n]".
func checkKeyComments(t *testing.T, name, src string) {
	t.Helper()
	code := luaCode(src)
	start := strings.Index(code, "named_keys{")
	if start < 0 {
		return
	}
	end := start + strings.Index(code[start:], "}")
	first := strings.Count(code[:start], "\n")
	codeLines := strings.Split(code, "\n")
	comments := luaComments(src)
	n := 0
	for i := first; i <= first+strings.Count(code[start:end], "\n"); i++ {
		for range luaName.FindAllString(codeLines[i], -1) {
			n++
			if !strings.HasPrefix(comments[i], fmt.Sprintf("KEYS[%d] ", n)) {
				t.Errorf("%s.lua:%d: key %d's comment %q does not start with KEYS[%d]", name, i+1, n, comments[i], n)
			}
		}
	}
}

// A script's argument object has exactly the fields it declares: the json
// tags of the struct the hub encodes it from.
func TestScriptArgumentContracts(t *testing.T) {
	for _, sc := range scripts {
		if sc.args == nil || sc.fields == nil {
			t.Errorf("%s: no named_args, or registered without its argument struct", sc.name)
			continue
		}
		tags := jsonFields(t, sc.name, sc.args)
		for _, f := range sc.fields {
			if !slices.Contains(tags, f) {
				t.Errorf("%s reads %s, which %v does not send", sc.name, f, sc.args)
			}
		}
		for _, f := range tags {
			if !slices.Contains(sc.fields, f) {
				t.Errorf("%v sends %s, which %s does not declare", sc.args, f, sc.name)
			}
		}
	}
}

func readLua(t *testing.T, name string) string {
	t.Helper()
	b, err := luaFiles.ReadFile("lua/" + name + ".lua")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// jsonFields are a struct's json names, embedded structs' included. Every
// field is always sent (no omitempty): a script requires all it declares.
func jsonFields(t *testing.T, script string, ty reflect.Type) []string {
	var out []string
	for f := range ty.Fields() {
		if f.Anonymous {
			out = append(out, jsonFields(t, script, f.Type)...)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			t.Errorf("%s: %v.%s has no json name", script, ty, f.Name)
			continue
		}
		if strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero") {
			t.Errorf("%s: %v.%s is left out when empty; the script requires it", script, ty, f.Name)
		}
		out = append(out, name)
	}
	return out
}

var (
	luaFunction = regexp.MustCompile(`(?m)^local function (\w+)\(([^)]*)\)`)
	keyField    = regexp.MustCompile(`\bk\.(\w+)`)
	keyAlias    = regexp.MustCompile(`(?m)\blocal (\w+)\s*=\s*(KEYS\[\d+\]|k\.\w+)\s*$`)
	declaredKey = regexp.MustCompile(`^(KEYS\[\d+\]|k\.\w+)$`)
	keysLoop    = regexp.MustCompile(`\bfor _, (\w+) in ipairs\(\{([^}]*)\}\)`)
	allKeysLoop = regexp.MustCompile(`\bfor _, (\w+) in ipairs\(KEYS\)`)
	callStart   = regexp.MustCompile(`\bredis\.p?call\(|\b\w+\(`)
)

// helper is a prelude function: the positions of its key parameters (named
// key; k is the script's named keys) and the named keys it and
// the helpers it calls use.
type helper struct {
	keyParams []int
	keys      []string
}

func preludeHelpers(prelude string) map[string]*helper {
	code := luaCode(prelude)
	helpers := map[string]*helper{}
	bodies := map[string]string{}
	for _, m := range luaFunction.FindAllStringSubmatchIndex(code, -1) {
		name := code[m[2]:m[3]]
		h := &helper{}
		for i, p := range strings.Split(code[m[4]:m[5]], ",") {
			p = strings.TrimSpace(p)
			if p == "k" || p == "key" {
				h.keyParams = append(h.keyParams, i)
			}
		}
		end := strings.Index(code[m[1]:], "\nend")
		bodies[name] = code[m[1] : m[1]+end]
		helpers[name] = h
	}
	var uses func(name string, seen map[string]bool) []string
	uses = func(name string, seen map[string]bool) []string {
		seen[name] = true
		var keys []string
		for _, f := range keyField.FindAllStringSubmatch(bodies[name], -1) {
			keys = append(keys, f[1])
		}
		for other := range helpers {
			if !seen[other] && regexp.MustCompile(`\b`+other+`\(`).MatchString(bodies[name]) {
				keys = append(keys, uses(other, seen)...)
			}
		}
		return keys
	}
	for name, h := range helpers {
		h.keys = uses(name, map[string]bool{})
	}
	return helpers
}

// checkKeys checks one file: the key argument of every redis.call and
// redis.pcall, and of every prelude helper taking keys, is a declared key
// (KEYS[n], k.<name>, or a local bound to one), a key parameter (in the
// prelude), or its line says "undeclared: <why>". A script declaring no
// keys (keys nil) may use KEYS[n] only.
func checkKeys(t *testing.T, name, src string, keys []string, helpers map[string]*helper) {
	t.Helper()
	code := luaCode(src)
	comments := luaComments(src)
	isPrelude := name == "prelude"
	aliases := map[string]string{}
	for _, m := range keyAlias.FindAllStringSubmatch(code, -1) {
		aliases[m[1]] = m[2]
	}
	for _, m := range allKeysLoop.FindAllStringSubmatch(code, -1) {
		aliases[m[1]] = "KEYS[1]"
	}
	// A loop over declared keys only: "for _, queue in ipairs({k.a, k.b})".
	for _, m := range keysLoop.FindAllStringSubmatch(code, -1) {
		all := true
		for _, item := range strings.Split(m[2], ",") {
			all = all && declaredKey.MatchString(strings.TrimSpace(item))
		}
		if all {
			aliases[m[1]] = "k.loop"
		}
	}
	knownField := func(f string) bool { return isPrelude || slices.Contains(keys, f) }
	for _, f := range keyField.FindAllStringSubmatch(code, -1) {
		if !knownField(f[1]) {
			t.Errorf("%s: k.%s is not among its named_keys %v", name, f[1], keys)
		}
	}
	declared := func(arg string) bool {
		if a, ok := aliases[arg]; ok {
			arg = a
		}
		if isPrelude {
			if arg == "k" || arg == "key" {
				return true
			}
		} else if arg == "k" {
			return keys != nil
		}
		return declaredKey.MatchString(arg)
	}
	for _, loc := range callStart.FindAllStringIndex(code, -1) {
		fn := strings.TrimSuffix(code[loc[0]:loc[1]], "(")
		if loc[0] >= 15 && strings.HasSuffix(code[:loc[0]], "function ") {
			continue // a definition
		}
		args := callArgs(code[loc[1]:])
		var checked []int
		switch h := helpers[fn]; {
		case fn == "redis.call" || fn == "redis.pcall":
			if len(args) < 2 || args[0] == "'TIME'" {
				continue
			}
			checked = []int{1}
		case h != nil:
			checked = h.keyParams
			if !isPrelude && slices.Contains(args, "k") {
				for _, f := range h.keys {
					if !slices.Contains(keys, f) {
						t.Errorf("%s calls %s, which uses k.%s: not among its named_keys %v", name, fn, f, keys)
					}
				}
			}
		}
		line := strings.Count(code[:loc[0]], "\n")
		for _, i := range checked {
			if i >= len(args) || declared(args[i]) {
				continue
			}
			reason, ok := strings.CutPrefix(comments[line], "undeclared:")
			if !ok || strings.TrimSpace(reason) == "" {
				t.Errorf("%s.lua:%d: %s(… %s …) touches a key it does not declare, with no \"-- undeclared: <why>\"",
					name, line+1, fn, args[i])
			}
		}
	}
}

// callArgs splits the arguments of a call whose "(" is just before code,
// at its top-level commas.
func callArgs(code string) []string {
	var args []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '{' || c == '[':
			depth++
		case c == ')' || c == '}' || c == ']':
			if depth == 0 {
				return append(args, strings.TrimSpace(code[start:i]))
			}
			depth--
		case c == ',' && depth == 0:
			args = append(args, strings.TrimSpace(code[start:i]))
			start = i + 1
		}
	}
	return args
}

// A script refuses, before any write, an argument object that misses a
// field it declares or has one it does not, and a key count other than
// its own; the store refuses keys and arguments a script does not declare
// before sending anything.
func TestScriptsRefuseUndeclaredKeysAndArguments(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	lease := []string{keyNotifyLease(branch)}
	for args, want := range map[string]string{
		`{"holder":"h1"}`:                 "script arguments: ms missing",
		`{"holder":"h1","ms":1000,"x":1}`: "script arguments: x not declared",
	} {
		_, err := s.run(ctx, scriptNotifyLease.lua, lease, args)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("notify_lease with %s: %v, want %q", args, err, want)
		}
	}
	if _, err := s.run(ctx, scriptNotifyLease.lua, append(lease, keyOffset(branch)), `{"holder":"h1","ms":1000}`); err == nil ||
		!strings.Contains(err.Error(), "script keys: 2 given, 1 declared") {
		t.Errorf("notify_lease with two keys: %v", err)
	}
	if n, err := s.rdb.Exists(ctx, lease[0]).Result(); err != nil || n != 0 {
		t.Errorf("a refused run wrote the lease: %d %v", n, err)
	}

	if _, err := s.call(ctx, scriptNotifyLease, scriptKeys{"lease": lease[0], "other": "x"}, leaseArgs{Holder: "h1"}); err == nil {
		t.Error("ran with a key the script does not declare")
	}
	if _, err := s.call(ctx, scriptNotifyLease, scriptKeys{"leases": lease[0]}, leaseArgs{Holder: "h1"}); err == nil {
		t.Error("ran without a key the script declares")
	}
	if _, err := s.call(ctx, scriptNotifyLease, scriptKeys{"lease": lease[0]}, failureArgs{}); err == nil {
		t.Error("ran with another script's arguments")
	}
	if ok, err := s.ClaimNotifier(ctx, branch, "h1", time.Second); err != nil || !ok {
		t.Errorf("claim with the declared keys and arguments: %v %v", ok, err)
	}
}

// luaComments is the comment of each line of a Lua source, "" where a line
// has none; the counterpart of luaCode.
func luaComments(src string) []string {
	code := strings.Split(luaCode(src), "\n")
	lines := strings.Split(src, "\n")
	out := make([]string, len(lines))
	for i, l := range lines {
		c := strings.TrimRight(code[i], " ")
		out[i] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l[len(c):]), "--"))
	}
	return out
}
