package receipt

import (
	"bytes"
	"errors"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/shamil-municipal/shamil/assets"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

var update = flag.Bool("update", false, "rewrite testdata/receipt.png from the current rendering")

func newTestRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := NewRenderer(assets.Fonts())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sampleData(t testing.TB) Data {
	t.Helper()
	riyadh, err := time.LoadLocation("Asia/Riyadh")
	if err != nil {
		t.Fatal(err)
	}
	return Data{
		Municipality: protocol.Text{Ar: "بلدية محافظة القطيف", En: "Qatif Governorate Municipality"},
		Branch:       protocol.Text{Ar: "فرع صفوى", En: "Safwa Branch"},
		Ticket:       "A-042",
		Lane:         protocol.LanePriority,
		Service:      protocol.Text{Ar: "رخصة بناء", En: "Building permit"},
		Case:         "QTF-2026-000123",
		AccessCode:   "7K3Q-9XPL",
		Ahead:        3,
		Wait:         14*time.Minute + 20*time.Second,
		Issued:       time.Date(2026, 11, 28, 7, 42, 0, 0, time.UTC), // 10:42 in Riyadh
		Location:     riyadh,
		TrackingURL:  "https://shamil.qatif.gov.sa/t/QTF-2026-000123?c=7K3Q9XPL",
	}
}

// needTool skips when a command-line tool is missing, unless
// SHAMIL_REQUIRE_TOOLS is set (CI), where it fails.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("SHAMIL_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
}

func render(t *testing.T, d Data) []byte {
	t.Helper()
	pdf, err := newTestRenderer(t).Render(d)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// rasterise renders the PDF at 200 dpi, the resolution of a thermal printer.
func rasterise(t *testing.T, pdf []byte) string {
	t.Helper()
	needTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "receipt.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-singlefile", in, filepath.Join(dir, "receipt")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	return filepath.Join(dir, "receipt.png")
}

// pdfText is the receipt's text as pdftotext reads it, the presentation
// forms folded and the embedding marks it wraps them in removed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	needTool(t, "pdftotext")
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return norm.NFKC.String(strings.Map(func(r rune) rune {
		if r >= '\u202A' && r <= '\u202E' {
			return -1
		}
		return r
	}, string(out)))
}

// inOrder fails unless every string of want is in text, in that order.
func inOrder(t *testing.T, text string, want []string) {
	t.Helper()
	rest := text
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in the receipt's text:\n%s", w, text)
		}
		rest = rest[i+len(w):]
	}
}

func TestRenderText(t *testing.T) {
	text := pdfText(t, render(t, sampleData(t)))
	want := []string{
		"بلدية محافظة القطيف", "Qatif Governorate Municipality", "فرع صفوى", "Safwa Branch",
		"رقم التذكرة", "A-042", "أولوية", "رخصة بناء", "Building permit",
		"رقم المعاملة", "QTF-2026-000123", "رمز الدخول", "7K3Q-9XPL",
		"أمامك", "3 people ahead of you", "Estimated wait: about 15 minutes",
		"2026-11-28 10:42", "جمادى الآخرة", "28 Nov 2026, 10:42 · 18 Jumada al-Akhirah 1448 AH",
		"تابع معاملتك عبر رمز", "Track your case online: scan the QR code",
		"https://shamil.qatif.gov.sa/t/QTF-2026-000123?c=7K3Q9XPL",
	}
	inOrder(t, text, want)
}

// A reprint of a visit with several matters lists every case of the
// visit with its own number and access code, after the first.
func TestRenderVisitCases(t *testing.T) {
	d := sampleData(t)
	d.More = []VisitCase{
		{Service: protocol.Text{Ar: "بلاغ حفرة", En: "Pothole report"}, Case: "QTF-2026-000124", AccessCode: "M2XR-4TQA"},
		{Service: protocol.Text{Ar: "رخصة محل", En: "Shop licence"}, Case: "QTF-2026-000125", AccessCode: "P9WD-7HNC"},
	}
	inOrder(t, pdfText(t, render(t, d)), []string{
		"QTF-2026-000123", "7K3Q-9XPL",
		"Another case of this visit", "معاملة أخرى في الزيارة نفسها", "بلاغ حفرة", "Pothole report", "QTF-2026-000124", "Access code", "M2XR-4TQA",
		"Another case of this visit", "رخصة محل", "Shop licence", "QTF-2026-000125", "P9WD-7HNC",
		"أمامك",
	})
}

func TestRenderQRCodeScans(t *testing.T) {
	needTool(t, "zbarimg")
	d := sampleData(t)
	img := rasterise(t, render(t, d))
	out, err := exec.Command("zbarimg", "-q", "--raw", img).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != d.TrackingURL {
		t.Errorf("QR code reads %q, want %q", got, d.TrackingURL)
	}
}

// TestRenderGolden compares the rendering at 200 dpi with
// testdata/receipt.png; after a deliberate change of layout, look at the
// new image and regenerate it with go test -run Golden -update.
func TestRenderGolden(t *testing.T) {
	got := readPNG(t, rasterise(t, render(t, sampleData(t))))
	golden := filepath.Join("testdata", "receipt.png")
	if *update {
		f, err := os.Create(golden)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readPNG(t, golden)
	if got.Bounds() != want.Bounds() {
		t.Fatalf("size %v, golden %v", got.Bounds(), want.Bounds())
	}
	differ := 0
	b := got.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if gray(got, x, y) != gray(want, x, y) {
				differ++
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d pixels differ from %s", differ, golden)
	}
}

func readPNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return img
}

func gray(img image.Image, x, y int) uint32 {
	r, g, b, _ := img.At(x, y).RGBA()
	return (r + g + b) / 3 >> 8
}

func TestRenderIsDeterministic(t *testing.T) {
	d := sampleData(t)
	first, second := render(t, d), render(t, d)
	if !bytes.Equal(first, second) {
		t.Fatal("two renderings of the same receipt differ")
	}
	d.Ticket = "A-043"
	if bytes.Equal(first, render(t, d)) {
		t.Fatal("receipts for different tickets are identical")
	}
}

func TestRenderConcurrently(t *testing.T) {
	r := newTestRenderer(t)
	base := sampleData(t)
	tickets := []string{"A-001", "B-017", "C-101", "A-999", "P-004", "A-042", "B-500", "C-077"}
	want := make([][]byte, len(tickets))
	for i, n := range tickets {
		d := base
		d.Ticket, d.Ahead = n, i
		var err error
		if want[i], err = r.Render(d); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for i, n := range tickets {
		wg.Go(func() {
			d := base
			d.Ticket, d.Ahead = n, i
			for range 5 {
				got, err := r.Render(d)
				if err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(got, want[i]) {
					t.Errorf("ticket %s: concurrent rendering differs from sequential", n)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestRenderSizeAndLayout(t *testing.T) {
	d := sampleData(t)
	pdf := render(t, d)
	if len(pdf) > 30*1024 {
		t.Errorf("receipt is %d bytes, the budget is 30 KB", len(pdf))
	}
	for _, want := range []string{"/Count 1", "/MediaBox [0 0 226.77 "} { // one page, 80 mm wide
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// A long service name wraps instead of running off the paper.
	d.Service.En = strings.Repeat("Very long service name ", 8)
	long, err := newTestRenderer(t).Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if mediaHeight(t, long) <= mediaHeight(t, pdf) {
		t.Error("a wrapped service name did not make the receipt taller")
	}
}

func mediaHeight(t *testing.T, pdf []byte) string {
	t.Helper()
	_, after, ok := bytes.Cut(pdf, []byte("/MediaBox [0 0 226.77 "))
	if !ok {
		t.Fatal("no MediaBox")
	}
	h, _, _ := bytes.Cut(after, []byte("]"))
	return string(h)
}

func TestRenderRejects(t *testing.T) {
	r := newTestRenderer(t)
	tests := []struct {
		name   string
		change func(*Data)
		want   string
	}{
		{"no ticket", func(d *Data) { d.Ticket = "" }, "no ticket number"},
		{"no case", func(d *Data) { d.Case = "" }, "no case number"},
		{"no tracking URL", func(d *Data) { d.TrackingURL = "" }, "no tracking URL"},
		{"no time", func(d *Data) { d.Issued = time.Time{} }, "no issue time"},
		{"unprintable character", func(d *Data) { d.Branch.En = "Safwa ☃" }, `U+2603 ('☃') in "Safwa ☃" cannot be printed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleData(t)
			tt.change(&d)
			_, err := r.Render(d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Render error = %v, want it to contain %q", err, tt.want)
			}
			var unprintable *unprintableError
			if tt.name == "unprintable character" && !errors.As(err, &unprintable) {
				t.Errorf("error %v does not wrap unprintableError", err)
			}
		})
	}
}

// A notice (an appointment checked in after its grace) is printed under
// the service, in both languages, wrapped to the paper.
func TestRenderNotice(t *testing.T) {
	needTool(t, "pdftotext")
	d := sampleData(t)
	d.Lane = protocol.LaneNormal
	d.Notice = protocol.Text{Ar: "وصلت بعد موعدك بأكثر من المهلة المسموحة، فأُعطيت تذكرة عادية وستُخدم حسب دورك.",
		En: "You arrived later than your appointment allows, so you have an ordinary ticket and will be served in turn."}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(render(t, d))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	service, notice, caseLabel := strings.Index(text, "Building permit"), strings.Index(text, "You arrived later than your appointment allows, so you have an ordinary ticket and will be served in turn."), strings.Index(text, "QTF-2026-000123")
	if service < 0 || notice < service || caseLabel < notice {
		t.Fatalf("the notice is not between the service and the case:\n%s", out)
	}
}
