package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// maxClusterPort is the highest port a cluster node may use: its cluster
// bus listens on the port + 10000.
const maxClusterPort = 55535

// Cluster is a Redis Cluster of masters only, owned by one test.
type Cluster struct {
	t     testing.TB
	Addrs []string
}

// StartCluster starts masters cluster-enabled redis-servers on free loopback
// ports, joins them with `redis-cli --cluster create` (no replicas) and
// waits until every slot is served. The nodes stop when the test ends. Like
// Start, it skips the test when redis-server or redis-cli is missing and
// SHAMIL_REQUIRE_REDIS is unset.
func StartCluster(t testing.TB, masters int) *Cluster {
	t.Helper()
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
				t.Fatalf("%s not found: %v", bin, err)
			}
			t.Skipf("%s not installed (make test installs it)", bin)
		}
	}
	c := &Cluster{t: t}
	for range masters {
		dir := t.TempDir()
		port := strconv.Itoa(freeClusterPort(t))
		cmd := exec.Command("redis-server",
			"--port", port, "--bind", "127.0.0.1", "--dir", dir,
			"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no",
			"--logfile", filepath.Join(dir, "redis.log"))
		if err := cmd.Start(); err != nil {
			t.Fatalf("start cluster node: %v", err)
		}
		t.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
		})
		addr := "127.0.0.1:" + port
		if err := waitPing(addr); err != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "redis.log"))
			t.Fatalf("%v\n%s", err, log)
		}
		c.Addrs = append(c.Addrs, addr)
	}
	args := append([]string{"--cluster", "create"}, c.Addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	c.waitSlots()
	return c
}

// Client returns a cluster client closed at the end of the test.
func (c *Cluster) Client() *redis.ClusterClient {
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs})
	c.t.Cleanup(func() { cc.Close() })
	return cc
}

// waitSlots waits until every node agrees the cluster is ok.
func (c *Cluster) waitSlots() {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for _, addr := range c.Addrs {
		n := redis.NewClient(&redis.Options{Addr: addr})
		for {
			info, err := n.ClusterInfo(context.Background()).Result()
			if err == nil && strings.Contains(info, "cluster_state:ok") {
				break
			}
			if time.Now().After(deadline) {
				n.Close()
				c.t.Fatalf("cluster node %s not ok: %v\n%s", addr, err, info)
			}
			time.Sleep(50 * time.Millisecond)
		}
		n.Close()
	}
}

// freeClusterPort finds a free port whose bus port is free too.
func freeClusterPort(t testing.TB) int {
	t.Helper()
	for range 1000 {
		port := freePort(t)
		if port > maxClusterPort {
			continue
		}
		bus, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+10000))
		if err != nil {
			continue
		}
		bus.Close()
		return port
	}
	t.Fatal("no free port for a cluster node")
	return 0
}

// waitPing waits up to 10 s until the server at addr answers.
func waitPing(addr string) error {
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server at %s not ready: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
