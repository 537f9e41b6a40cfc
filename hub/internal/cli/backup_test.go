package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/config"
	"github.com/shamil-municipal/shamil/hub/internal/redisproc"
	"github.com/shamil-municipal/shamil/hub/internal/server"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// startHub runs a hub on its own supervised Redis in dataDir until stop.
func startHub(t *testing.T, dataDir, catalogue string) (url string, stop func()) {
	t.Helper()
	cfg, err := config.Parse([]string{"--listen", "127.0.0.1:0", "--data-dir", dataDir,
		"--catalogue", catalogue, "--public-url", "http://shamil.test"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ready) }()
	select {
	case addr := <-ready:
		stopped := false
		stop = func() {
			if !stopped {
				stopped = true
				cancel()
				<-done
			}
		}
		t.Cleanup(stop)
		return "http://" + addr, stop
	case err := <-done:
		cancel()
		t.Fatalf("hub did not start: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("hub did not start within 60 s")
	}
	return "", nil
}

// dataStore connects to the Redis a running hub supervises in dataDir.
func dataStore(t *testing.T, dataDir string) *store.Store {
	t.Helper()
	client, err := redisproc.Connect(context.Background(), dataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return store.New(client)
}

// keyspace is every key of the store with its value, read according to
// its type. Keys with a time to live (leases, rate limits) are left out:
// they come and go on their own.
func keyspace(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	rdb := st.Redis()
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, k := range keys {
		if ttl, _ := rdb.PTTL(ctx, k).Result(); ttl > 0 {
			continue
		}
		// The appointments' clock moves its marks on every look, whatever
		// the data (store.DueBookings).
		if strings.HasSuffix(k, "}:bk:due") {
			continue
		}
		var v any
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			v, err = rdb.Get(ctx, k).Result()
		case "hash":
			v, err = rdb.HGetAll(ctx, k).Result()
		case "set":
			var members []string
			members, err = rdb.SMembers(ctx, k).Result()
			slices.Sort(members)
			v = members
		case "zset":
			v, err = rdb.ZRangeWithScores(ctx, k, 0, -1).Result()
		case "list":
			v, err = rdb.LRange(ctx, k, 0, -1).Result()
		case "stream":
			v, err = rdb.XRange(ctx, k, "-", "+").Result()
		default:
			t.Fatalf("key %s has type %s", k, typ)
		}
		if err != nil {
			t.Fatalf("read %s: %v", k, err)
		}
		out[k] = fmt.Sprint(v)
	}
	return out
}

func issue(t *testing.T, url, token, key string) protocol.IssuedTicket {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/api/v1/branches/qatif/tickets", strings.NewReader(`{"service":"road-defect","phone":"0501234567"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out protocol.IssuedTicket
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("issue: %d %v", res.StatusCode, err)
	}
	return out
}

// reportOnline makes a case online with one photo.
func reportOnline(t *testing.T, url string, n int) {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		m.Set(x, n, color.RGBA{uint8(10 * n), 90, uint8(x), 255})
	}
	var img, body bytes.Buffer
	if err := png.Encode(&img, m); err != nil {
		t.Fatal(err)
	}
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"branch": "qatif", "service": "road-defect", "description": fmt.Sprintf("حفرة رقم %d", n),
		"phone": fmt.Sprintf("050123456%d", n), "request_id": fmt.Sprintf("backup-%d", n)} {
		w.WriteField(k, v)
	}
	part, _ := w.CreateFormFile("photos", "p.png")
	part.Write(img.Bytes())
	w.Close()
	res, err := http.Post(url+"/api/v1/reports", w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("report: %d", res.StatusCode)
	}
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// A day of tickets and cases with photos, backed up while the hub runs,
// wiped, restored and started again: every key, photo and the catalogue is
// back, and the next ticket's number follows the last.
func TestBackupAndRestore(t *testing.T) {
	root := t.TempDir()
	dataDir := filepath.Join(root, "data")
	url, stop := startHub(t, dataDir, "../../catalogues/qatif.yaml")
	st := dataStore(t, dataDir)
	_, kiosk, err := hubtest.AddDevice(context.Background(), st, "qatif", protocol.RoleKiosk, "")
	if err != nil {
		t.Fatal(err)
	}
	var last protocol.IssuedTicket
	for i := range 5 {
		last = issue(t, url, kiosk, fmt.Sprintf("t-%d", i))
	}
	for i := range 2 {
		reportOnline(t, url, i)
	}
	archive := filepath.Join(root, "nightly.tar.gz")
	out, errOut, code := run(t, "backup", "--out", archive, "--data-dir", dataDir, sample)
	if code != 0 || !strings.Contains(out, "Backed up to") {
		t.Fatalf("backup: exit %d, %q, %q", code, out, errOut)
	}
	before := keyspace(t, st)
	photos := readDir(t, filepath.Join(dataDir, "media"))
	if len(photos) != 2 {
		t.Fatalf("%d photos stored, want 2", len(photos))
	}

	// Into a folder that holds something, only with --force, and never
	// while a hub runs on it.
	_, errOut, code = run(t, "restore", "--from", archive, "--data-dir", dataDir)
	if code != 1 || !strings.Contains(errOut, "is not empty") {
		t.Fatalf("restore over data: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, "restore", "--from", archive, "--data-dir", dataDir, "--force")
	if code != 1 || !strings.Contains(errOut, "a hub is running") {
		t.Fatalf("restore over a running hub: exit %d, %q", code, errOut)
	}
	stop()
	if err := os.RemoveAll(dataDir); err != nil {
		t.Fatal(err)
	}

	out, errOut, code = run(t, "restore", "--from", archive, "--data-dir", dataDir)
	if code != 0 || !strings.Contains(out, "Restored the backup") {
		t.Fatalf("restore: exit %d, %q, %q", code, out, errOut)
	}
	url, _ = startHub(t, dataDir, filepath.Join(dataDir, "catalogue.yaml"))
	st = dataStore(t, dataDir)
	after := keyspace(t, st)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("key %s is not back as it was", k)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d keys after the restore, %d before", len(after), len(before))
	}
	if got := readDir(t, filepath.Join(dataDir, "media")); !equalMaps(got, photos) {
		t.Errorf("photos after the restore: %d, not the %d backed up", len(got), len(photos))
	}
	next := issue(t, url, kiosk, "after-restore")
	if want := nextNumber(t, last.Ticket.Number); next.Ticket.Number != want {
		t.Errorf("first ticket after the restore is %s, want %s (the last was %s)", next.Ticket.Number, want, last.Ticket.Number)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// nextNumber is the ticket number after n in its lane: A-005 → A-006.
func nextNumber(t *testing.T, n string) string {
	var lane string
	var i int
	if _, err := fmt.Sscanf(strings.Replace(n, "-", " ", 1), "%s %d", &lane, &i); err != nil {
		t.Fatalf("ticket number %q: %v", n, err)
	}
	return fmt.Sprintf("%s-%03d", lane, i+1)
}

// A corrupt, truncated or tampered archive is refused with a clear error,
// and the data folder is left as it was (here: not there at all).
func TestRestoreRefusesBadArchives(t *testing.T) {
	root := t.TempDir()
	dataDir := filepath.Join(root, "data")
	startedURL, stop := startHub(t, dataDir, "../../catalogues/qatif.yaml")
	reportOnline(t, startedURL, 1)
	archive := filepath.Join(root, "good.tar.gz")
	if _, errOut, code := run(t, "backup", "--out", archive, "--data-dir", dataDir, sample); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	stop()
	good, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0xff
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"truncated":        {good[:len(good)*2/3], "corrupt or truncated"},
		"flipped byte":     {flipped, "corrupt or truncated"},
		"not an archive":   {[]byte("hello"), "not a backup archive"},
		"photo replaced":   {repack(t, good, func(name string, b []byte) []byte { return tamperMedia(name, b) }), "checksum mismatch"},
		"manifest missing": {repack(t, good, func(name string, b []byte) []byte { return dropManifest(name, b) }), "no manifest.json"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.tar.gz")
			if err := os.WriteFile(bad, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(t.TempDir(), "restored")
			_, errOut, code := run(t, "restore", "--from", bad, "--data-dir", target)
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, %q, want it to say %q", code, errOut, c.want)
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Errorf("the data folder was made or changed: %v", err)
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".shamil-restore-*"))
			if len(left) > 0 {
				t.Errorf("staging left behind: %v", left)
			}
		})
	}

	// Even with --force, a bad archive leaves the data folder as it was.
	before := tree(t, dataDir)
	bad := filepath.Join(root, "truncated.tar.gz")
	if err := os.WriteFile(bad, good[:len(good)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := run(t, "restore", "--from", bad, "--data-dir", dataDir, "--force"); code != 1 || !strings.Contains(errOut, "corrupt or truncated") {
		t.Fatalf("restore --force of a truncated archive: exit %d, %q", code, errOut)
	}
	if after := tree(t, dataDir); !equalMaps(after, before) {
		t.Errorf("the data folder changed:\nbefore %v\nafter  %v", before, after)
	}
}

// tree is every file under dir with its contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tamperMedia changes a photo's bytes; nil drops the entry.
func tamperMedia(name string, b []byte) []byte {
	if strings.HasPrefix(name, "media/") {
		b = slices.Clone(b)
		b[len(b)-1] ^= 1
	}
	return b
}

func dropManifest(name string, b []byte) []byte {
	if name == "manifest.json" {
		return nil
	}
	return b
}

// repack rewrites an archive, passing each entry through change; a nil
// result drops the entry.
func repack(t *testing.T, archive []byte, change func(name string, b []byte) []byte) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		if b = change(hdr.Name, b); b == nil {
			continue
		}
		hdr.Size = int64(len(b))
		tw.WriteHeader(hdr)
		tw.Write(b)
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}
