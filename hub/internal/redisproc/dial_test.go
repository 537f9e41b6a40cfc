package redisproc

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// runRedis runs redis-server with args plus a free loopback port, in the
// test's folder, until the test ends, and returns its address.
func runRedis(t *testing.T, args ...string) string {
	t.Helper()
	needRedis(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	dir := t.TempDir()
	args = append(args, "--port", port, "--bind", "127.0.0.1", "--dir", dir, "--save", "",
		"--logfile", filepath.Join(dir, "redis.log"))
	cmd := exec.Command("redis-server", args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := "127.0.0.1:" + port
	wait.Succeeds(t, 10*time.Second, "the server to answer", func() error {
		c := redis.NewClient(&redis.Options{Addr: addr})
		defer c.Close()
		return c.Ping(context.Background()).Err()
	})
	return addr
}

// roundTrip writes and reads a key through c.
func roundTrip(t *testing.T, c redis.UniversalClient) {
	t.Helper()
	ctx := context.Background()
	if err := c.Set(ctx, "dial-test", "ok", 0).Err(); err != nil {
		t.Fatalf("SET: %v", err)
	}
	if v, err := c.Get(ctx, "dial-test").Result(); err != nil || v != "ok" {
		t.Fatalf("GET = %q, %v", v, err)
	}
}

func TestDialSingleServer(t *testing.T) {
	srv := redistest.Start(t)
	c, err := Dial(context.Background(), srv.URL()+"/2")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	roundTrip(t, c)
	// It is the server's database 2.
	direct := srv.Client()
	if err := direct.Do(context.Background(), "SELECT", 2).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := direct.Exists(context.Background(), "dial-test").Result(); err != nil || n != 1 {
		t.Errorf("key not in database 2: %d, %v", n, err)
	}
}

func TestDialSentinel(t *testing.T) {
	master := runRedis(t)
	_, masterPort, _ := net.SplitHostPort(master)
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	if err := os.WriteFile(conf, []byte("sentinel monitor shamil 127.0.0.1 "+masterPort+" 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sentinel := runRedis(t, conf, "--sentinel")

	c, err := Dial(context.Background(), "redis+sentinel://"+sentinel+",127.0.0.1:1/shamil")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	roundTrip(t, c)
	direct := redis.NewClient(&redis.Options{Addr: master})
	defer direct.Close()
	if v, _ := direct.Get(context.Background(), "dial-test").Result(); v != "ok" {
		t.Errorf("the write did not reach the monitored master")
	}
}

func TestDialCluster(t *testing.T) {
	addr := runRedis(t, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
	ctx := context.Background()
	node := redis.NewClient(&redis.Options{Addr: addr})
	defer node.Close()
	if err := node.ClusterAddSlotsRange(ctx, 0, 16383).Err(); err != nil {
		t.Fatal(err)
	}
	wait.Succeeds(t, 10*time.Second, "the cluster to be ready", func() error {
		info, err := node.ClusterInfo(ctx).Result()
		if err != nil || !strings.Contains(info, "cluster_state:ok") {
			return fmt.Errorf("cluster not ready: %v %s", err, info)
		}
		return nil
	})

	c, err := Dial(ctx, "redis+cluster://"+addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.(*redis.ClusterClient); !ok {
		t.Errorf("client is %T, want *redis.ClusterClient", c)
	}
	roundTrip(t, c)
}

func TestDialErrors(t *testing.T) {
	tests := []struct {
		url  string
		want string
	}{
		{"localhost:6379", "scheme://"},
		{"http://localhost", `unknown scheme "http"`},
		{"redis://u:s3cret@localhost:notaport", "port"},
		{"redis+sentinel://h1:26379,h2:26379", "master name"},
		{"redis+sentinel://h1/m/zero", `database "zero"`},
		{"redis+sentinel://h1/m/0/extra", "master name"},
		{"redis+sentinel://h1/m?db=1", "query options"},
		{"redis+cluster://h1:6379/0", "no path"},
		{"redis+cluster://h1,,h2", "empty host"},
		{"redis+cluster://h1:99999", "port must be"},
		{"redis+cluster://::1", "IPv6"},
		{"redis+cluster://u:s3cret@h1:x", `"h1:x"`},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := Dial(context.Background(), tt.url)
			if err == nil {
				c.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestDialUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := Dial(ctx, "redis://:s3cret@127.0.0.1:1/0")
	if err == nil || !strings.Contains(err.Error(), "reach redis at redis://:xxxxx@127.0.0.1:1/0") {
		t.Fatalf("err %v, want a 'reach redis' error with the password hidden", err)
	}
}

func TestParseMultiHost(t *testing.T) {
	tests := []struct {
		rest string
		want multiHost
	}{
		{"h1,h2:7000/m", multiHost{hosts: []string{"h1:26379", "h2:7000"}, path: []string{"m"}}},
		{"alice:p%40ss@h1/m/3", multiHost{user: "alice", password: "p@ss", hosts: []string{"h1:26379"}, path: []string{"m", "3"}}},
		{":pw@[::1]:1,[fe80::1]", multiHost{password: "pw", hosts: []string{"[::1]:1", "[fe80::1]:26379"}}},
		{"h/my%20master/", multiHost{hosts: []string{"h:26379"}, path: []string{"my master"}}},
	}
	for _, tt := range tests {
		got, err := parseMultiHost(tt.rest, "26379")
		if err != nil {
			t.Errorf("%q: %v", tt.rest, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tt.rest, got, tt.want)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := map[string]string{
		"redis://u:pw@h:6379/0":            "redis://u:xxxxx@h:6379/0",
		"redis+sentinel://:pw@h1,h2/m":     "redis+sentinel://:xxxxx@h1,h2/m",
		"redis://h:6379":                   "redis://h:6379",
		"redis://user@h":                   "redis://user@h",
		"unix://:pw@/run/redis.sock?db=1":  "unix://:xxxxx@/run/redis.sock?db=1",
		"redis+cluster://u:p@ss@h1:1,h2:2": "redis+cluster://u:xxxxx@h1:1,h2:2",
		"not a url":                        "not a url",
	}
	for in, want := range tests {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseMultiHost checks that any URL tail either fails or yields
// well-formed host:port addresses, and never panics.
func FuzzParseMultiHost(f *testing.F) {
	for _, s := range []string{"h1,h2:7000/m", "u:p@[::1]:1/m/2", "::1", ",", "@", "h:0", "[", "h/%zz", "a:b@c@d/e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		a, err := parseMultiHost(rest, "6379")
		if err != nil {
			return
		}
		if len(a.hosts) == 0 {
			t.Fatalf("%q: no error and no hosts", rest)
		}
		for _, h := range a.hosts {
			host, port, err := net.SplitHostPort(h)
			if err != nil || host == "" {
				t.Fatalf("%q: bad address %q: %v", rest, h, err)
			}
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
				t.Fatalf("%q: bad port in %q", rest, h)
			}
		}
		if !strings.Contains(redact("redis+cluster://"+rest), "://") {
			t.Fatalf("%q: redact lost the scheme", rest)
		}
	})
}
