package config

import (
	"bytes"
	"errors"
	"flag"
	"log/slog"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env returns a getenv func over a fixed map.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestParseDefaults(t *testing.T) {
	cfg, err := Parse(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Listen:     "127.0.0.1:8080",
		DataDir:    "./data",
		Catalogue:  "hub/catalogues/qatif.yaml",
		PublicURL:  "http://127.0.0.1:8080",
		Durability: "everysec",
		LogLevel:   slog.LevelInfo,
		LogFormat:  "text",
		WhatsApp:   WhatsApp{APIURL: "https://graph.facebook.com/v21.0"},

		RedisWaitTimeout: time.Second,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", cfg, want)
	}
}

func TestParseSources(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, cfg Config)
	}{
		{
			name: "environment over default",
			env: map[string]string{
				"SHAMIL_LISTEN": "10.0.0.5:9000", "SHAMIL_DATA_DIR": "/var/lib/shamil",
				"SHAMIL_REDIS_URL": "redis://r:6379/0", "SHAMIL_DURABILITY": "always",
				"SHAMIL_LOG_LEVEL": "debug", "SHAMIL_CATALOGUE": "c.yaml",
			},
			check: func(t *testing.T, cfg Config) {
				want := Config{Listen: "10.0.0.5:9000", DataDir: "/var/lib/shamil", RedisURL: "redis://r:6379/0",
					Catalogue: "c.yaml", PublicURL: "http://10.0.0.5:9000", Durability: "always", LogLevel: slog.LevelDebug, LogFormat: "text",
					WhatsApp: WhatsApp{APIURL: "https://graph.facebook.com/v21.0"}, RedisWaitTimeout: time.Second}
				if !reflect.DeepEqual(cfg, want) {
					t.Errorf("got %+v\nwant %+v", cfg, want)
				}
			},
		},
		{
			name: "flag over environment",
			args: []string{"--listen", "127.0.0.1:7000", "-durability=everysec"},
			env:  map[string]string{"SHAMIL_LISTEN": "10.0.0.5:9000", "SHAMIL_DURABILITY": "always"},
			check: func(t *testing.T, cfg Config) {
				if cfg.Listen != "127.0.0.1:7000" || cfg.Durability != "everysec" {
					t.Errorf("listen %q durability %q: want the flags' values", cfg.Listen, cfg.Durability)
				}
			},
		},
		{
			name: "explicit empty flag over environment",
			args: []string{"--redis-url="},
			env:  map[string]string{"SHAMIL_REDIS_URL": "redis://r:6379"},
			check: func(t *testing.T, cfg Config) {
				if cfg.RedisURL != "" {
					t.Errorf("redis url %q: the empty flag should win", cfg.RedisURL)
				}
			},
		},
		{
			name: "public url trimmed, origins normalised",
			args: []string{"--public-url", "https://shamil.qatif.gov.sa/", "--allowed-origins", " https://Desk.Example:8443 , http://kiosk.local/,"},
			check: func(t *testing.T, cfg Config) {
				if cfg.PublicURL != "https://shamil.qatif.gov.sa" {
					t.Errorf("public url %q", cfg.PublicURL)
				}
				want := []string{"https://desk.example:8443", "http://kiosk.local"}
				if !reflect.DeepEqual(cfg.AllowedOrigins, want) {
					t.Errorf("origins %q, want %q", cfg.AllowedOrigins, want)
				}
			},
		},
		{
			name: "trusted proxies: addresses and ranges",
			env:  map[string]string{"SHAMIL_TRUSTED_PROXIES": "10.0.0.5, 192.168.1.7/24,::ffff:172.16.0.1,fd00::/8"},
			check: func(t *testing.T, cfg Config) {
				want := []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32"), netip.MustParsePrefix("192.168.1.0/24"),
					netip.MustParsePrefix("172.16.0.1/32"), netip.MustParsePrefix("fd00::/8")}
				if !reflect.DeepEqual(cfg.TrustedProxies, want) {
					t.Errorf("proxies %v, want %v", cfg.TrustedProxies, want)
				}
			},
		},
		{
			name: "operations: json logs, metrics",
			args: []string{"--log-format", "json"},
			env:  map[string]string{"SHAMIL_METRICS_LISTEN": "127.0.0.1:9100"},
			check: func(t *testing.T, cfg Config) {
				if cfg.LogFormat != "json" || cfg.MetricsListen != "127.0.0.1:9100" {
					t.Errorf("got %+v", cfg)
				}
			},
		},
		{
			name: "any interface with an explicit public url",
			args: []string{"--listen", ":8080", "--public-url", "http://192.168.1.10:8080"},
			check: func(t *testing.T, cfg Config) {
				if cfg.Listen != ":8080" || cfg.PublicURL != "http://192.168.1.10:8080" {
					t.Errorf("got listen %q public %q", cfg.Listen, cfg.PublicURL)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse(tt.args, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg)
		})
	}
}

// Changes wait for one replica by default with Sentinel and Cluster, for
// none with a single server; a number given wins.
func TestRedisWaitReplicas(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int
	}{
		{nil, 0},
		{[]string{"--redis-url", "redis://r:6379"}, 0},
		{[]string{"--redis-url", "redis+sentinel://s1,s2/main"}, 1},
		{[]string{"--redis-url", "rediss+cluster://n1,n2"}, 1},
		{[]string{"--redis-url", "redis+sentinel://s1/main", "--redis-wait-replicas", "2"}, 2},
		{[]string{"--redis-url", "redis+cluster://n1", "--redis-wait-replicas", "0"}, 0},
	} {
		cfg, err := Parse(c.args, env(nil))
		if err != nil || cfg.RedisWaitReplicas != c.want {
			t.Errorf("%v: %d replicas, %v; want %d", c.args, cfg.RedisWaitReplicas, err, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // substrings of the error
	}{
		{"listen without port", []string{"--listen", "localhost"}, nil, []string{"--listen", `"localhost"`, "host:port"}},
		{"listen bad port", []string{"--listen", "localhost:http"}, nil, []string{"--listen", "port"}},
		{"listen from env", nil, map[string]string{"SHAMIL_LISTEN": "nope"}, []string{"SHAMIL_LISTEN", `"nope"`}},
		{"listen on any host needs public url", []string{"--listen", "0.0.0.0:8080"}, nil, []string{"--public-url", "required", "QR"}},
		{"public url relative", []string{"--public-url", "shamil.local"}, nil, []string{"--public-url", "absolute"}},
		{"public url ftp", []string{"--public-url", "ftp://x"}, nil, []string{"--public-url", "http"}},
		{"public url query", []string{"--public-url", "https://x/?a=1"}, nil, []string{"--public-url", "query"}},
		{"durability", []string{"--durability", "never"}, nil, []string{"--durability", `"never"`, "everysec or always"}},
		{"durability from env", nil, map[string]string{"SHAMIL_DURABILITY": "no"}, []string{"SHAMIL_DURABILITY"}},
		{"origin with path", []string{"--allowed-origins", "https://a.example/x"}, nil, []string{"--allowed-origins", "https://a.example/x"}},
		{"origin wildcard", []string{"--allowed-origins", "*"}, nil, []string{"--allowed-origins", `"*"`}},
		{"proxy not an address", []string{"--trusted-proxies", "10.0.0.1,proxy.local"}, nil, []string{"--trusted-proxies", `"proxy.local"`, "CIDR"}},
		{"log level", []string{"--log-level", "loud"}, nil, []string{"--log-level", `"loud"`}},
		{"log format", []string{"--log-format", "xml"}, nil, []string{"--log-format", `"xml"`, "text or json"}},
		{"metrics listen", []string{"--metrics-listen", "9100"}, nil, []string{"--metrics-listen", "host:port"}},
		{"empty data dir", []string{"--data-dir", ""}, nil, []string{"--data-dir"}},
		{"empty catalogue", []string{"--catalogue", " "}, nil, []string{"--catalogue"}},
		{"unknown flag", []string{"--port", "80"}, nil, []string{"-port", "--help"}},
		{"positional argument", []string{"serve"}, nil, []string{`"serve"`}},
		{"whatsapp token without phone id", []string{"--whatsapp-token", "t"}, nil, []string{"--whatsapp-phone-id", "required"}},
		{"whatsapp api url", []string{"--whatsapp-api-url", "graph"}, nil, []string{"--whatsapp-api-url", `"graph"`}},
		{"sms url from env", nil, map[string]string{"SHAMIL_SMS_URL": "ftp://x"}, []string{"SHAMIL_SMS_URL", "http"}},
		{"wait replicas", []string{"--redis-wait-replicas", "-1"}, nil, []string{"--redis-wait-replicas", `"-1"`}},
		{"wait timeout from env", nil, map[string]string{"SHAMIL_REDIS_WAIT_TIMEOUT": "1"}, []string{"SHAMIL_REDIS_WAIT_TIMEOUT", "duration"}},
		{"wait timeout too long", []string{"--redis-wait-timeout", "5s"}, nil, []string{"--redis-wait-timeout", "2s"}},
		{"two errors at once", []string{"--durability", "x", "--log-level", "y"}, nil, []string{"--durability", "--log-level"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.args, env(tt.env))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	_, err := Parse([]string{"--help"}, env(nil))
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err %v, want flag.ErrHelp", err)
	}
}

func TestUsageListsEveryOption(t *testing.T) {
	var b bytes.Buffer
	Usage(&b)
	for _, o := range options {
		for _, w := range []string{"--" + o.name, envName(o.name), o.meaning} {
			if !strings.Contains(b.String(), w) {
				t.Errorf("usage lacks %q:\n%s", w, b.String())
			}
		}
	}
}
