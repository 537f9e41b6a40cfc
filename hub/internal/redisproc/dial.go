// Package redisproc gives the hub its Redis: either a redis-server it runs
// and supervises in its data folder (Start, Open, Connect), or an external
// Redis named by a URL (Dial).
//
// # The supervised redis-server
//
// Its files live in <data-dir>/redis: the AOF (appendonlydir/), redis.log,
// the socket redis.sock (the only way in: no TCP port) and a lock file held
// while a process runs the server, so two hubs, or a hub and an admin
// command, never run two servers on the same files.
//
// # External Redis URLs (--redis-url)
//
//	redis://[[user]:password@]host[:port][/db][?option=value...]
//	rediss://...                      the same over TLS
//	unix://[[user]:password@]/path/to/redis.sock[?db=N]
//
// are a single server, as go-redis's ParseURL reads them (its query options,
// such as pool_size or dial_timeout, apply).
//
//	redis+sentinel://[[user]:password@]host1[:26379][,host2[:26379]...]/master-name[/db]
//	rediss+sentinel://...             the same over TLS
//
// is a Sentinel-managed primary: the hosts are the sentinels, the path names
// the monitored master and optionally the database. The credentials are
// used for the sentinels and for the Redis servers alike.
//
//	redis+cluster://[[user]:password@]host1[:6379][,host2[:6379]...]
//	rediss+cluster://...              the same over TLS
//
// is a Redis Cluster reached through any of the seed hosts. The Sentinel and
// Cluster forms take no query options.
package redisproc

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Dial connects to the external Redis that rawURL names (see the package
// documentation for the forms) and checks it answers PING. The caller
// closes the client. Errors never show the URL's password.
func Dial(ctx context.Context, rawURL string) (redis.UniversalClient, error) {
	c, err := newClient(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis url %s: %w", redact(rawURL), err)
	}
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("reach redis at %s: %w", redact(rawURL), err)
	}
	return c, nil
}

// newClient builds, without connecting, the client for rawURL.
func newClient(rawURL string) (redis.UniversalClient, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, errors.New("want scheme://..., e.g. redis://localhost:6379/0")
	}
	switch scheme {
	case "redis", "rediss", "unix":
		opts, err := redis.ParseURL(rawURL)
		if urlErr := (*url.Error)(nil); errors.As(err, &urlErr) {
			err = urlErr.Err // url.Error repeats the URL, password included
		}
		if err != nil {
			return nil, err
		}
		return redis.NewClient(opts), nil
	case "redis+sentinel", "rediss+sentinel":
		a, err := parseMultiHost(rest, "26379")
		if err != nil {
			return nil, err
		}
		if len(a.path) < 1 || len(a.path) > 2 {
			return nil, errors.New("want the master name as the path, e.g. redis+sentinel://host1:26379,host2:26379/mymaster[/db]")
		}
		db := 0
		if len(a.path) == 2 {
			if db, err = strconv.Atoi(a.path[1]); err != nil || db < 0 {
				return nil, fmt.Errorf("database %q: want a number", a.path[1])
			}
		}
		return redis.NewFailoverClient(&redis.FailoverOptions{
			MasterName:       a.path[0],
			SentinelAddrs:    a.hosts,
			SentinelUsername: a.user,
			SentinelPassword: a.password,
			Username:         a.user,
			Password:         a.password,
			DB:               db,
			TLSConfig:        tlsFor(scheme),
		}), nil
	case "redis+cluster", "rediss+cluster":
		a, err := parseMultiHost(rest, "6379")
		if err != nil {
			return nil, err
		}
		if len(a.path) > 0 {
			return nil, errors.New("a cluster URL has no path (a cluster has only database 0)")
		}
		return redis.NewClusterClient(&redis.ClusterOptions{
			Addrs:     a.hosts,
			Username:  a.user,
			Password:  a.password,
			TLSConfig: tlsFor(scheme),
			// go-redis reloads the slot map after a MOVED reply, and otherwise
			// every minute: after a master's death (a dial error, not MOVED)
			// the hub kept dialling it long after its replica took over.
			// Reloading every second ends that within a second of the
			// promotion (docs/redis.md).
			ClusterStateReloadInterval: time.Second,
		}), nil
	default:
		return nil, fmt.Errorf("unknown scheme %q: want redis, rediss, unix, redis+sentinel, rediss+sentinel, redis+cluster or rediss+cluster", scheme)
	}
}

// tlsFor returns the TLS settings of a scheme: nil for plain ones. The
// server name comes from each dialled address.
func tlsFor(scheme string) *tls.Config {
	if strings.HasPrefix(scheme, "rediss") {
		return &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return nil
}

// multiHost is the parsed part after "scheme://" of a Sentinel or Cluster
// URL.
type multiHost struct {
	user, password string
	hosts          []string // host:port, each
	path           []string // the path's non-empty segments
}

// parseMultiHost reads "[[user]:password@]host1[:port][,host2...][/path]".
// net/url cannot: it rejects several hosts in one authority.
func parseMultiHost(rest, defaultPort string) (multiHost, error) {
	var a multiHost
	authority, path, _ := strings.Cut(rest, "/")
	if strings.ContainsAny(authority+path, "?#") {
		return a, errors.New("query options and fragments are not supported in this form")
	}
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		u, err := url.Parse("x://" + authority[:i+1] + "h")
		if err != nil || u.User == nil {
			return a, errors.New("bad user:password part")
		}
		a.user = u.User.Username()
		a.password, _ = u.User.Password()
		authority = authority[i+1:]
	}
	for _, h := range strings.Split(authority, ",") {
		addr, err := hostPort(h, defaultPort)
		if err != nil {
			return a, err
		}
		a.hosts = append(a.hosts, addr)
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		seg, err := url.PathUnescape(seg)
		if err != nil {
			return a, fmt.Errorf("path segment %q: %w", seg, err)
		}
		a.path = append(a.path, seg)
	}
	return a, nil
}

// hostPort checks one "host[:port]" (IPv6 in brackets) and adds the
// default port when there is none.
func hostPort(h, defaultPort string) (string, error) {
	if h == "" {
		return "", errors.New("empty host in the host list")
	}
	host, port := h, defaultPort
	switch {
	case strings.HasSuffix(h, "]") && strings.HasPrefix(h, "["): // [v6] without a port
		host = h[1 : len(h)-1]
	case strings.HasPrefix(h, "[") || strings.Count(h, ":") == 1:
		var err error
		if host, port, err = net.SplitHostPort(h); err != nil {
			return "", fmt.Errorf("host %q: want host[:port]", h)
		}
	case strings.Contains(h, ":"):
		return "", fmt.Errorf("host %q: put an IPv6 address in brackets, e.g. [::1]:%s", h, defaultPort)
	}
	if host == "" || strings.ContainsAny(host, "[]@ ") {
		return "", fmt.Errorf("host %q: want host[:port]", h)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("host %q: port must be a number from 1 to 65535", h)
	}
	return net.JoinHostPort(host, port), nil
}

// redact hides the password of a Redis URL, for messages and logs.
func redact(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	authority, path, hasPath := strings.Cut(rest, "/")
	i := strings.LastIndex(authority, "@")
	if i < 0 {
		return rawURL
	}
	user, _, hasPassword := strings.Cut(authority[:i], ":")
	if !hasPassword {
		return rawURL
	}
	out := scheme + "://" + user + ":xxxxx" + authority[i:]
	if hasPath {
		out += "/" + path
	}
	return out
}
