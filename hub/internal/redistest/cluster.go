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

	"github.com/shamil-municipal/shamil/hub/wait"
)

// Cluster is a Redis Cluster of three masters with one replica each, on
// loopback, owned by one test.
type Cluster struct {
	t     testing.TB
	Nodes []*Server
}

// StartCluster starts six cluster-enabled redis-servers, joins them into
// 3 masters and 3 replicas, waits until the cluster is ok and stops them
// when the test ends. Skipped like Start when redis-server is missing.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	requireRedis(t)
	c := &Cluster{t: t}
	var addrs []string
	for range 6 {
		s := &Server{t: t, Dir: t.TempDir(), Addr: "127.0.0.1:" + strconv.Itoa(clusterPort(t))}
		s.extra = []string{"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			"--cluster-node-timeout", "2000", "--repl-diskless-sync-delay", "0"}
		s.start()
		t.Cleanup(s.Kill)
		c.Nodes = append(c.Nodes, s)
		addrs = append(addrs, s.Addr)
	}
	args := append([]string{"--cluster", "create"}, addrs...)
	args = append(args, "--cluster-replicas", "1", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("create cluster: %v\n%s", err, out)
	}
	wait.Until(t, 30*time.Second, "the cluster to be ok", c.ok)
	return c
}

// ok reports whether every node says the cluster is ok and knows all six,
// and every replica holds its master's data (it could not take over
// otherwise).
func (c *Cluster) ok() bool {
	for _, s := range c.Nodes {
		cl := redis.NewClient(&redis.Options{Addr: s.Addr})
		info, err := cl.ClusterInfo(context.Background()).Result()
		repl, err2 := cl.Info(context.Background(), "replication").Result()
		cl.Close()
		if err != nil || err2 != nil || !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_known_nodes:6") {
			return false
		}
		if strings.Contains(repl, "role:slave") && !strings.Contains(repl, "master_link_status:up") {
			return false
		}
	}
	return true
}

// Addrs are the nodes' host:port, for a redis+cluster:// URL or options.
func (c *Cluster) Addrs() []string {
	var out []string
	for _, s := range c.Nodes {
		out = append(out, s.Addr)
	}
	return out
}

// Client returns a cluster client closed at the end of the test.
func (c *Cluster) Client() *redis.ClusterClient {
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs()})
	c.t.Cleanup(func() { cc.Close() })
	return cc
}

// clusterPort is a free port whose cluster bus port (+10000) is valid too.
func clusterPort(t testing.TB) int {
	for range 100 {
		p := freePort(t)
		if p > 55535 {
			continue
		}
		if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+10000)); err == nil {
			l.Close()
			return p
		}
	}
	t.Fatal("no free port pair for a cluster node")
	return 0
}

// String is for test logs.
func (c *Cluster) String() string { return fmt.Sprintf("redis cluster %v", c.Addrs()) }

// logOf is a node's log, for failure messages.
func logOf(s *Server) string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "redis.log"))
	return string(b)
}
