package build_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// selfSigned writes a certificate for 127.0.0.1 and its key in one PEM
// file, as HAProxy takes them, and returns a pool trusting it.
func selfSigned(t *testing.T) (pemFile string, pool *x509.CertPool) {
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
	key, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	pem.Encode(&b, &pem.Block{Type: "EC PRIVATE KEY", Bytes: key})
	pemFile = filepath.Join(t.TempDir(), "shamil.pem")
	if err := os.WriteFile(pemFile, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return pemFile, pool
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The shipped HAProxy configuration, with only its addresses and
// certificate moved into the test's, in front of a real hub: HTTPS with
// HSTS, plain HTTP sent to HTTPS, and the WebSocket over wss://.
func TestHAProxyInFront(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Skip("haproxy is not installed")
	}
	hub := hubtest.Start(t)
	pemFile, pool := selfSigned(t)
	plain, secure := freePort(t), freePort(t)
	raw, err := os.ReadFile("haproxy/shamil.cfg")
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(raw)
	for _, r := range [][2]string{
		{"\tlog /dev/log local0\n", ""}, // no syslog here
		{"bind :80\n", "bind " + plain + "\n"},
		{"bind :443 ssl crt /etc/haproxy/certs/shamil.pem", "bind " + secure + " ssl crt " + pemFile},
		{"server hub 127.0.0.1:8080", "server hub " + strings.TrimPrefix(hub.URL, "http://")},
	} {
		if !strings.Contains(cfg, r[0]) {
			t.Fatalf("shamil.cfg no longer has %q", r[0])
		}
		cfg = strings.Replace(cfg, r[0], r[1], 1)
	}
	cfgFile := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("haproxy", "-c", "-q", "-f", cfgFile).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	proxy := exec.Command("haproxy", "-db", "-f", cfgFile)
	var logs bytes.Buffer
	proxy.Stdout, proxy.Stderr = &logs, &logs
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- proxy.Wait() }()
	t.Cleanup(func() {
		proxy.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			proxy.Process.Kill()
		}
	})

	tlsConfig := &tls.Config{RootCAs: pool}
	https := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConfig},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var res *http.Response
	wait.Succeeds(t, 30*time.Second, "an answer through haproxy", func() error {
		select {
		case err := <-exited:
			t.Fatalf("haproxy exited: %v\n%s", err, logs.String())
		default:
		}
		// haproxy's log is read only once it exited: it writes it meanwhile.
		if res, err = https.Get("https://" + secure + "/healthz"); err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK {
			res.Body.Close()
			return fmt.Errorf("status %d", res.StatusCode)
		}
		return nil
	})
	res.Body.Close()
	if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "max-age=31536000" {
		t.Errorf("Strict-Transport-Security %q", hsts)
	}
	res, err = https.Get("http://" + plain + "/track")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || !strings.HasPrefix(loc, "https://") {
		t.Errorf("plain HTTP: %d to %q, want 301 to https://", res.StatusCode, loc)
	}

	// A display signs in over wss:// and gets its reply.
	d := websocket.Dialer{TLSClientConfig: tlsConfig, Subprotocols: []string{protocol.Subprotocol}}
	ws, _, err := d.Dial("wss://"+secure+"/ws", nil)
	if err != nil {
		t.Fatalf("wss through haproxy: %v", err)
	}
	defer ws.Close()
	data, _ := json.Marshal(protocol.AuthRequest{Token: hub.Device(t, protocol.RoleDisplay), Version: protocol.Version})
	if err := ws.WriteJSON(protocol.Request{ID: "a1", Type: protocol.ReqAuth, Data: data}); err != nil {
		t.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(20 * time.Second))
	var reply protocol.Message
	if err := ws.ReadJSON(&reply); err != nil || reply.ID != "a1" || !reply.OK {
		t.Fatalf("auth over wss: %+v %v", reply, err)
	}
}
