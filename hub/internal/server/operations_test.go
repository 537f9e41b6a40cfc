package server

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// start runs a hub with extra options until the test ends and returns
// its address.
func start(t *testing.T, log *slog.Logger, args ...string) (addr string, st *store.Store) {
	t.Helper()
	rdb := redistest.Start(t)
	cfg, err := config.Parse(append([]string{"--listen", "127.0.0.1:0", "--redis-url", rdb.URL(),
		"--catalogue", "../../catalogues/qatif.yaml", "--data-dir", t.TempDir()}, args...), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- Run(ctx, cfg, log, ready) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("hub did not start: %v", err)
	}
	return addr, store.New(rdb.Client())
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their paths and a pool trusting it.
func selfSigned(t *testing.T) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "shamil.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	parsed, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return cert, key, pool
}

// With --tls-cert and --tls-key the hub speaks HTTPS only and tells
// browsers to keep to it; without, it sends no HSTS (browsers would ignore
// it over HTTP, and a proxy in front sets its own).
func TestTLS(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cert, key, pool := selfSigned(t)
	addr, _ := start(t, quiet, "--tls-cert", cert, "--tls-key", key)
	https := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := https.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.TLS == nil {
		t.Fatalf("GET https /healthz: %d, TLS %v", res.StatusCode, res.TLS != nil)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security %q", hsts)
	}
	if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			t.Error("plain HTTP answered on the TLS port")
		}
	}

	plain, _ := start(t, quiet)
	res, err = http.Get("http://" + plain + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS over plain HTTP: %q", hsts)
	}
}

// syncBuffer is a log destination written by the hub's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(l), &rec) == nil {
			out = append(out, rec)
		}
	}
	return out
}

// Each request's log line carries the id its client sent: X-Request-Id
// (echoed back) or Idempotency-Key on REST, the request's id on the
// WebSocket and REST alike for the action it carries out.
func TestRequestLogCarriesTheClientsID(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	addr, st := start(t, log)
	_, token, err := st.AddDevice(context.Background(), "qatif", protocol.RoleKiosk)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/healthz", nil)
	req.Header.Set("X-Request-Id", "probe-7")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("X-Request-Id"); got != "probe-7" {
		t.Errorf("X-Request-Id echoed as %q", got)
	}
	req, _ = http.NewRequest("POST", "http://"+addr+"/api/v1/branches/qatif/tickets", strings.NewReader(`{"service":"road-defect"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "kiosk-1-0042")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("issue: %d", res.StatusCode)
	}

	want := map[string]bool{"http request probe-7": false, "http request kiosk-1-0042": false, "request kiosk-1-0042": false}
	for _, rec := range logs.lines() {
		key, _ := rec["msg"].(string)
		id, _ := rec["request_id"].(string)
		if _, ok := want[key+" "+id]; ok {
			want[key+" "+id] = true
		}
	}
	for line, seen := range want {
		if !seen {
			t.Errorf("no JSON log line %q in\n%s", line, logs.b.String())
		}
	}
}
