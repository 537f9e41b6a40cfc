package kiosk

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/wait"
)

// A ticket printed through a real CUPS queue: the test runs its own cupsd
// with a cups-pdf virtual printer, the kiosk prints with the real lp, and
// the PDF that comes out carries the ticket and case numbers.
func TestPrintsThroughCUPS(t *testing.T) {
	cups := startCUPS(t)
	t.Setenv("CUPS_SERVER", cups.server) // lp (and the kiosk's lp) talk to this cupsd
	lp, err := exec.LookPath("lp")
	if err != nil {
		t.Fatal(err)
	}
	h := hubtest.Start(t)
	k := start(t, h, Printer{Queue: cups.queue, Command: lp})
	ticket, err := k.TakeTicket(context.Background(), Request{Service: "road-defect", Lang: "ar"})
	if err != nil || ticket.PrintError != "" {
		t.Fatalf("take a ticket: %+v, %v", ticket, err)
	}

	// cups-pdf names the file after the job's title, the ticket's id (and
	// adds words of its own).
	pattern := filepath.Join(cups.out, ticket.Ticket.ID+"*.pdf")
	t.Cleanup(func() {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			os.Remove(f)
		}
	})
	wait.Succeeds(t, 30*time.Second, "the receipt printed as "+pattern, func() error {
		files, _ := filepath.Glob(pattern)
		if len(files) == 0 {
			log, _ := os.ReadFile(filepath.Join(cups.dir, "error_log"))
			return fmt.Errorf("nothing printed; cupsd's log:\n%s", log)
		}
		text, err := exec.Command("pdftotext", files[0], "-").Output()
		if err != nil || !strings.Contains(string(text), ticket.Case) {
			return fmt.Errorf("the PDF is not complete yet: %v", err)
		}
		if !strings.Contains(string(text), ticket.Ticket.Number) {
			t.Fatalf("the printed receipt does not show ticket %s:\n%s", ticket.Ticket.Number, text)
		}
		return nil
	})
}

// cups is a private cupsd with one cups-pdf queue.
type cups struct {
	dir    string // its configuration, spool and logs
	server string // host:port, for CUPS_SERVER
	queue  string
	out    string // where cups-pdf writes the jobs of the user running the test
}

// startCUPS runs cupsd with its own configuration, port, spool and logs in a
// temporary folder, and adds a cups-pdf printer. It skips the test when
// cupsd or cups-pdf is missing (build/deps.sh test installs them), unless
// SHAMIL_REQUIRE_REDIS is set (make test): then it fails it. cups-pdf's
// backend reads only /etc/cups/cups-pdf.conf, so its output is where that
// puts it: Debian's ~/PDF of the job's user.
func startCUPS(t *testing.T) cups {
	t.Helper()
	const backend = "/usr/lib/cups/backend/cups-pdf"
	const ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"
	for _, need := range []string{"/usr/sbin/cupsd", "/usr/sbin/lpadmin", backend, ppd} {
		if _, err := os.Stat(need); err != nil {
			if os.Getenv("SHAMIL_REQUIRE_REDIS") != "" {
				t.Fatalf("%s is missing (build/deps.sh test installs it)", need)
			}
			t.Skipf("%s is missing; run build/deps.sh test", need)
		}
	}
	if os.Geteuid() != 0 {
		t.Skip("cups-pdf's backend runs only under a cupsd started as root")
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// The filters run as lp: they must reach the spool under this folder.
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	server := l.Addr().String()
	l.Close()
	for _, sub := range []string{"spool", "cache", "state", "tmp", "ppd"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The filters (as lp) write their temporary files here, like /tmp.
	if err := os.Chmod(filepath.Join(dir, "tmp"), 0o1777); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("cupsd.conf", fmt.Sprintf(`Listen %s
LogLevel info
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Location /admin>
  Order allow,deny
  Allow 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
`, server))
	write("cups-files.conf", fmt.Sprintf(`ServerRoot %[1]s
RequestRoot %[1]s/spool
CacheDir %[1]s/cache
StateDir %[1]s/state
TempDir %[1]s/tmp
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog %[1]s/access_log
ErrorLog %[1]s/error_log
PageLog %[1]s/page_log
Printcap %[1]s/printcap
User lp
Group lp
SystemGroup root
`, dir))
	cmd := exec.Command("/usr/sbin/cupsd", "-f", "-c", filepath.Join(dir, "cupsd.conf"), "-s", filepath.Join(dir, "cups-files.conf"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cupsd: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	c := cups{dir: dir, server: server, queue: "ShamilReceipts", out: filepath.Join(me.HomeDir, "PDF")}
	wait.Succeeds(t, 20*time.Second, "cupsd to take the queue", func() error {
		out, err := exec.Command("/usr/sbin/lpadmin", "-h", server, "-p", c.queue, "-E", "-v", "cups-pdf:/", "-P", ppd).CombinedOutput()
		if err != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "error_log"))
			return fmt.Errorf("lpadmin: %v: %s\ncupsd's log:\n%s", err, out, log)
		}
		return nil
	})
	return c
}
