package store

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"

	"github.com/redis/go-redis/v9"
)

//go:embed lua/*.lua
var luaFiles embed.FS

// script is one atomic operation: the shared prelude followed by the
// operation's own file. go-redis runs it with EVALSHA and falls back to EVAL
// when the script cache was emptied (a restart or a failover).
//
// A script declares its keys (named_keys) and its argument's fields
// (named_args); docs/redis.md has the convention. keys and fields are read
// from its source, so the hub passes keys by name and cannot get their
// order wrong, and scripts_test.go compares fields with args' json tags.
type script struct {
	name   string
	lua    *redis.Script
	keys   []string     // named_keys, in KEYS order
	fields []string     // named_args: the fields of the JSON object in ARGV[1]
	args   reflect.Type // the struct the hub encodes as ARGV[1]
}

// scripts lists every script, so LoadScripts can put them in the cache.
var scripts []*script

// register reads a script and what it declares; args is a value of the
// struct the hub passes it.
func register(name string, args any) *script {
	prelude, err := luaFiles.ReadFile("lua/prelude.lua")
	if err != nil {
		panic(err)
	}
	body, err := luaFiles.ReadFile("lua/" + name + ".lua")
	if err != nil {
		panic(fmt.Sprintf("store: no script %s: %v", name, err))
	}
	code := luaCode(string(body))
	sc := &script{
		name:   name,
		lua:    redis.NewScript(string(prelude) + "\n" + string(body)),
		keys:   declared(code, "named_keys"),
		fields: declared(code, "named_args"),
		args:   reflect.TypeOf(args),
	}
	scripts = append(scripts, sc)
	return sc
}

// scriptKeys are a script's keys by the names it declares for them.
type scriptKeys map[string]string

// call runs a script with its keys by name and its argument object.
func (s *Store) call(ctx context.Context, sc *script, keys scriptKeys, args any) (any, error) {
	list, arg, err := sc.encode(keys, args)
	if err != nil {
		return nil, err
	}
	return s.run(ctx, sc.lua, list, arg)
}

// callList runs a script that declares no names for its keys: it takes
// as many as the query needs (open311_page).
func (s *Store) callList(ctx context.Context, sc *script, keys []string, args any) (any, error) {
	_, arg, err := sc.encode(nil, args)
	if err != nil {
		return nil, err
	}
	return s.run(ctx, sc.lua, keys, arg)
}

// encode puts a script's keys in its KEYS order and its argument object
// in JSON, refusing keys it does not declare and arguments of another type.
func (sc *script) encode(keys scriptKeys, args any) (list []string, arg string, err error) {
	if reflect.TypeOf(args) != sc.args {
		return nil, "", fmt.Errorf("script %s takes %v, not %T", sc.name, sc.args, args)
	}
	if len(keys) != len(sc.keys) {
		return nil, "", fmt.Errorf("script %s declares %d keys, %d given", sc.name, len(sc.keys), len(keys))
	}
	list = make([]string, len(sc.keys))
	for i, name := range sc.keys {
		k, ok := keys[name]
		if !ok {
			return nil, "", fmt.Errorf("script %s: key %s not given", sc.name, name)
		}
		list[i] = k
	}
	b, err := json.Marshal(args)
	if err != nil {
		return nil, "", fmt.Errorf("script %s: encode arguments: %w", sc.name, err)
	}
	return list, string(b), nil
}

var (
	declaration = map[string]*regexp.Regexp{
		"named_keys": regexp.MustCompile(`named_keys\s*\{([^}]*)\}`),
		"named_args": regexp.MustCompile(`named_args\s*\{([^}]*)\}`),
	}
	luaName = regexp.MustCompile(`'([a-z0-9_]+)'`)
)

// declared is the list of names a script gives named_keys or named_args.
func declared(code, fn string) []string {
	m := declaration[fn].FindStringSubmatch(code)
	if m == nil {
		return nil
	}
	var names []string
	for _, n := range luaName.FindAllStringSubmatch(m[1], -1) {
		names = append(names, n[1])
	}
	return names
}

// luaCode is Lua source with its comments blanked out (kept as spaces, so
// offsets and lines stay where they were).
func luaCode(src string) string {
	b := []byte(src)
	var quote byte
	for i := 0; i < len(b); i++ {
		switch {
		case quote != 0:
			if b[i] == '\\' {
				i++
			} else if b[i] == quote {
				quote = 0
			}
		case b[i] == '\'' || b[i] == '"':
			quote = b[i]
		case b[i] == '-' && i+1 < len(b) && b[i+1] == '-':
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		}
	}
	return string(b)
}
