// Package config reads the hub's configuration from command-line flags and
// SHAMIL_* environment variables. A flag wins over its variable; a variable
// wins over the default. Usage lists every option.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the hub's configuration. Parse fills every field; the zero
// Config is not meant to be used.
type Config struct {
	// Listen is the host:port the HTTP and WebSocket server listens on.
	// Default 127.0.0.1:8080. An empty host listens on every interface.
	Listen string
	// DataDir holds the hub's own files, the supervised Redis among them.
	// Default ./data.
	DataDir string
	// RedisURL is an external Redis to use (see package redisproc for the
	// forms). Empty, the default, means the hub runs its own redis-server
	// under DataDir.
	RedisURL string
	// RedisWaitReplicas is how many replicas must confirm each change
	// (Redis WAIT) before it is acknowledged; RedisWaitTimeout how long a
	// change waits for them before the client is told to retry. The
	// default, "auto", is 1 with a Sentinel or Cluster URL and 0 otherwise
	// (the hub's own redis-server and a plain URL have no replica).
	RedisWaitReplicas int
	RedisWaitTimeout  time.Duration
	// Catalogue is the path of the services catalogue YAML file.
	// Default hub/catalogues/qatif.yaml.
	Catalogue string
	// PublicURL is the hub's address as citizens and devices reach it,
	// printed on receipts and in QR codes, without a trailing slash.
	// Default http://<Listen>.
	PublicURL string
	// Durability is the supervised Redis's appendfsync policy: "everysec"
	// (the default; a crash loses at most about a second of writes) or
	// "always" (every write is on disk before it is acknowledged).
	Durability string
	// AllowedOrigins are the browser origins (scheme://host[:port]) allowed
	// to open the WebSocket. Empty, the default, allows only pages served
	// by the hub's own host.
	AllowedOrigins []string
	// TrustedProxies are the reverse proxies (addresses or CIDR ranges)
	// whose X-Forwarded-For names the client. Empty, the default, trusts
	// none: the peer is the client.
	TrustedProxies []netip.Prefix
	// LogLevel is the lowest level logged. Default info.
	LogLevel slog.Level
	// LogFormat is "text" (the default; key=value lines) or "json" (one
	// object a line, for journald and log collectors).
	LogFormat string
	// MetricsListen is the host:port serving Prometheus metrics at
	// /metrics, apart from the public listener. Empty, the default, is off.
	MetricsListen string
	// WhatsApp is the WhatsApp Business Cloud API account: notifications
	// and the /webhooks/whatsapp endpoint. Empty Token means off.
	WhatsApp WhatsApp
	// SMSURL is a generic SMS gateway (see docs/notifications.md); empty
	// means off. SMSToken is its bearer token.
	SMSURL, SMSToken string
}

// WhatsApp is the WhatsApp Cloud API configuration.
type WhatsApp struct {
	Token       string // access token for sending
	PhoneID     string // the business phone number id
	AppSecret   string // verifies X-Hub-Signature-256 on webhook posts
	VerifyToken string // answers the webhook verification handshake
	APIURL      string // Graph API base, e.g. https://graph.facebook.com/v21.0
}

// option is one configuration option: its flag name, default and meaning.
// The environment variable is derived from the name (envName).
type option struct {
	name, def, meaning string
}

// options is the one table of options: Parse registers and resolves them,
// Usage prints them.
var options = []option{
	{"listen", "127.0.0.1:8080", "host:port the HTTP and WebSocket server listens on"},
	{"data-dir", "./data", "folder for the hub's files, including the supervised Redis"},
	{"redis-url", "", "external Redis (redis://, rediss://, redis+sentinel://, redis+cluster://); empty runs a supervised redis-server in the data folder"},
	{"redis-wait-replicas", "auto", "replicas that must confirm each change before it is acknowledged (Redis WAIT): a number, or auto: 1 with redis+sentinel:// and redis+cluster://, else 0"},
	{"redis-wait-timeout", "1s", "how long a change waits for its replicas before the client is told to retry, at most 2s"},
	{"catalogue", "hub/catalogues/qatif.yaml", "services catalogue YAML file"},
	{"public-url", "", "address printed on receipts and QR codes; empty means http://<listen>"},
	{"durability", "everysec", "supervised Redis appendfsync: everysec or always"},
	{"allowed-origins", "", "comma-separated browser origins allowed on the WebSocket; empty allows the hub's own host only"},
	{"trusted-proxies", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client; empty trusts none"},
	{"log-level", "info", "debug, info, warn or error"},
	{"log-format", "text", "text (key=value lines) or json (one object a line, for journald and log collectors)"},
	{"metrics-listen", "", "host:port serving Prometheus metrics at /metrics; empty turns them off"},
	{"whatsapp-token", "", "WhatsApp Cloud API access token; empty turns WhatsApp notifications off"},
	{"whatsapp-phone-id", "", "WhatsApp Business phone number id"},
	{"whatsapp-app-secret", "", "Meta app secret: verifies webhook posts (X-Hub-Signature-256); empty turns the webhook off"},
	{"whatsapp-verify-token", "", "token the webhook verification handshake must present"},
	{"whatsapp-api-url", "https://graph.facebook.com/v21.0", "WhatsApp Cloud API base URL"},
	{"sms-url", "", "SMS gateway URL (POST JSON {to, text}); empty turns SMS off"},
	{"sms-token", "", "SMS gateway bearer token"},
}

// envName is the environment variable of a flag: SHAMIL_ and the name in
// capitals with dashes as underscores (data-dir → SHAMIL_DATA_DIR).
func envName(flagName string) string {
	return "SHAMIL_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse reads the configuration from args (without the program or command
// name) and getenv (os.Getenv in production). Errors name the flag or
// variable at fault. -h or --help returns an error wrapping flag.ErrHelp.
func Parse(args []string, getenv func(string) string) (Config, error) {
	return ParseWith(args, getenv, nil)
}

// ParseWith is Parse for a command that has flags of its own besides the
// configuration: register adds them to the flag set before parsing.
func ParseWith(args []string, getenv func(string) string, register func(*flag.FlagSet)) (Config, error) {
	fs := flag.NewFlagSet("hub", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned, not printed
	if register != nil {
		register(fs)
	}
	flags := make(map[string]*string, len(options))
	for _, o := range options {
		flags[o.name] = fs.String(o.name, o.def, o.meaning)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, err
		}
		return Config{}, fmt.Errorf("%w (see --help)", err)
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q (options are flags, see --help)", fs.Arg(0))
	}
	onCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })

	// value resolves one option: flag, then environment, then default.
	// source names where the value came from, for error messages.
	value := func(name string) (v, source string) {
		if onCommandLine[name] {
			return *flags[name], "--" + name
		}
		if v := getenv(envName(name)); v != "" {
			return v, envName(name)
		}
		return *flags[name], "--" + name
	}
	return build(value)
}

// build checks each option's value and fills a Config.
func build(value func(name string) (v, source string)) (Config, error) {
	var cfg Config
	var err error
	var errs []error
	check := func(e error) {
		if e != nil {
			errs = append(errs, e)
		}
	}

	listen, src := value("listen")
	check(validateListen(listen, src))
	cfg.Listen = listen

	dataDir, src := value("data-dir")
	if strings.TrimSpace(dataDir) == "" {
		check(fmt.Errorf("%s: must name a folder", src))
	}
	cfg.DataDir = dataDir

	cfg.RedisURL, _ = value("redis-url")

	replicas, src := value("redis-wait-replicas")
	switch {
	case replicas == "auto" && strings.Contains(cfg.RedisURL, "+sentinel://"), replicas == "auto" && strings.Contains(cfg.RedisURL, "+cluster://"):
		cfg.RedisWaitReplicas = 1
	case replicas == "auto":
	default:
		if cfg.RedisWaitReplicas, err = strconv.Atoi(replicas); err != nil || cfg.RedisWaitReplicas < 0 {
			check(fmt.Errorf("%s %q: want auto or a number of replicas from 0", src, replicas))
		}
	}
	timeout, src := value("redis-wait-timeout")
	// WAIT must answer within the Redis client's read timeout (3 s).
	if cfg.RedisWaitTimeout, err = time.ParseDuration(timeout); err != nil || cfg.RedisWaitTimeout <= 0 || cfg.RedisWaitTimeout > 2*time.Second {
		check(fmt.Errorf("%s %q: want a duration from 1ms to 2s, such as 1s or 500ms", src, timeout))
	}

	cat, src := value("catalogue")
	if strings.TrimSpace(cat) == "" {
		check(fmt.Errorf("%s: must name the catalogue YAML file", src))
	}
	cfg.Catalogue = cat

	publicURL, src := value("public-url")
	cfg.PublicURL, err = resolvePublicURL(publicURL, src, listen)
	check(err)

	durability, src := value("durability")
	if durability != "everysec" && durability != "always" {
		check(fmt.Errorf("%s %q: want everysec or always", src, durability))
	}
	cfg.Durability = durability

	origins, src := value("allowed-origins")
	cfg.AllowedOrigins, err = parseOrigins(origins, src)
	check(err)

	proxies, src := value("trusted-proxies")
	cfg.TrustedProxies, err = parseProxies(proxies, src)
	check(err)

	level, src := value("log-level")
	if err := cfg.LogLevel.UnmarshalText([]byte(level)); err != nil {
		check(fmt.Errorf("%s %q: want debug, info, warn or error", src, level))
	}

	cfg.LogFormat, src = value("log-format")
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		check(fmt.Errorf("%s %q: want text or json", src, cfg.LogFormat))
	}

	cfg.MetricsListen, src = value("metrics-listen")
	if cfg.MetricsListen != "" {
		check(validateListen(cfg.MetricsListen, src))
	}

	cfg.WhatsApp.Token, _ = value("whatsapp-token")
	cfg.WhatsApp.PhoneID, src = value("whatsapp-phone-id")
	if cfg.WhatsApp.Token != "" && cfg.WhatsApp.PhoneID == "" {
		check(fmt.Errorf("%s: required with --whatsapp-token", src))
	}
	cfg.WhatsApp.AppSecret, _ = value("whatsapp-app-secret")
	cfg.WhatsApp.VerifyToken, _ = value("whatsapp-verify-token")
	cfg.WhatsApp.APIURL, src = value("whatsapp-api-url")
	if u, err := url.Parse(cfg.WhatsApp.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		check(fmt.Errorf("%s %q: want an http(s) URL", src, cfg.WhatsApp.APIURL))
	}
	cfg.SMSURL, src = value("sms-url")
	if u, err := url.Parse(cfg.SMSURL); cfg.SMSURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		check(fmt.Errorf("%s %q: want an http(s) URL", src, cfg.SMSURL))
	}
	cfg.SMSToken, _ = value("sms-token")

	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(errs...))
	}
	return cfg, nil
}

// Usage writes the table of options: flag, environment variable, default
// and meaning.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "Options (a flag wins over its environment variable):")
	for _, o := range options {
		def := o.def
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(w, "  --%s  (%s, default %s)\n      %s\n", o.name, envName(o.name), def, o.meaning)
	}
}
