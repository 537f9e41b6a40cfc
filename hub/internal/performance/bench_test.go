package performance_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/auth"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/performance"
	"github.com/shamil-municipal/shamil/hub/internal/redistest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// officeCases is how many cases BenchmarkOffice stores; develop with a
// small number (-office-cases 20000), make bench runs the full 200,000.
var officeCases = flag.Int("office-cases", 200_000, "cases BenchmarkOffice stores across its 10 branches")

// benchDepartments are the 8 departments the cases are spread over.
var benchDepartments = []string{"roads", "lighting", "cleanliness", "building-permits", "licensing", "health", "stormwater", "inspection"}

// BenchmarkOffice is make bench's back-office figure: -office-cases cases
// (200,000) across 10 branches and 8 departments, opened over the last 90
// days, 10 to a mobile number. It measures the p99, in ms of 200 reads
// each, of a department person's inbox (every branch the department
// serves, through actions), the search by case number and by mobile
// number (actions' case.find) and /performance of one branch over 30 days
// (HTTP), each beside the store's own time for the same reads in the same
// run. The goal is at most 50 ms through the hub.
func BenchmarkOffice(b *testing.B) {
	ctx := context.Background()
	cat := tenBranches(b)
	st := store.New(redistest.Start(b).Client())
	if err := st.LoadScripts(ctx); err != nil {
		b.Fatal(err)
	}
	branches := make([]string, 0, 10)
	for _, br := range cat.Wire().Branches {
		branches = append(branches, br.ID)
	}
	now := time.Now()
	numbers := seedOffice(b, st, cat, branches, *officeCases, now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	acts := actions.New(st, cat, "https://shamil.example.sa", log)
	mux := http.NewServeMux()
	performance.Mount(mux, st, cat, log)
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)

	omar := auth.Principal{ID: "omar", Role: protocol.RoleDepartment, Branch: branches[0], Department: "roads"}
	sara := auth.Principal{ID: "sara", Role: protocol.RoleOfficer, Branch: branches[0]}
	execute := func(p auth.Principal, typ string, data any) []protocol.Case {
		raw, _ := json.Marshal(data)
		out, err := acts.Execute(ctx, p, protocol.Request{Type: typ, Data: raw})
		if err != nil {
			b.Fatalf("%s: %v", typ, err)
		}
		return out.([]protocol.Case)
	}
	number := numbers[len(numbers)/2]
	const phone = "0500000005"
	from := now.Add(-30 * 24 * time.Hour)

	for _, c := range []struct {
		name        string
		hub, direct func()
	}{
		{"inbox", func() {
			if len(execute(omar, protocol.ReqCasesInbox, protocol.Inbox{View: protocol.InboxDepartment})) == 0 {
				b.Fatal("an empty inbox")
			}
		}, func() {
			for _, br := range branches {
				if _, err := st.Inbox(ctx, br, "roads", protocol.InboxDepartment, "", 200); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"case", func() {
			if len(execute(sara, protocol.ReqCaseFind, protocol.FindCases{Case: number})) != 1 {
				b.Fatal("the case not found")
			}
		}, func() {
			if _, err := st.Case(ctx, branches[0], number); err != nil {
				b.Fatal(err)
			}
		}},
		{"mobile", func() {
			if len(execute(sara, protocol.ReqCaseFind, protocol.FindCases{Phone: phone})) == 0 {
				b.Fatal("no case of the mobile")
			}
		}, func() {
			if _, err := st.CasesByPhone(ctx, branches[0], phone); err != nil {
				b.Fatal(err)
			}
		}},
		{"performance", func() {
			res, err := http.Get(srv.URL + "/api/v1/performance?branch=" + branches[0] + "&days=30")
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Fatalf("/performance: %s", res.Status)
			}
		}, func() {
			cases, err := st.CasesCreated(ctx, branches[0], from, now)
			if err != nil {
				b.Fatal(err)
			}
			ns := make([]string, len(cases))
			for i, c := range cases {
				ns[i] = c.Number
			}
			if _, err := st.Timelines(ctx, branches[0], ns); err != nil {
				b.Fatal(err)
			}
		}},
	} {
		b.ReportMetric(p99(c.hub), "p99-ms-"+c.name+"-hub")
		b.ReportMetric(p99(c.direct), "p99-ms-"+c.name+"-store")
	}
}

// p99 runs read 200 times, after 20 to warm up, and returns the 99th
// percentile of its time in ms.
func p99(read func()) float64 {
	for range 20 {
		read()
	}
	times := make([]time.Duration, 200)
	for i := range times {
		start := time.Now()
		read()
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return float64(times[len(times)*99/100]) / float64(time.Millisecond)
}

// tenBranches is the Qatif catalogue with nine more branches, b1 to b9,
// ahead of qatif; every department serves them all.
func tenBranches(b *testing.B) *catalogue.Catalogue {
	yaml, err := os.ReadFile(hubtest.Catalogue())
	if err != nil {
		b.Fatal(err)
	}
	var more strings.Builder
	more.WriteString("branches:\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&more, `  - id: b%d
    name: { ar: فرع %d, en: Branch %d }
    time_zone: Asia/Riyadh
    case_prefix: BR%c
    hours: [{ days: [sun, mon, tue, wed, thu], open: "07:30", close: "14:30" }]
    desks:
      - { id: "1", name: { ar: مكتب ١, en: Desk 1 } }
`, i, i, i, 'A'+i-1)
	}
	path := filepath.Join(b.TempDir(), "ten.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(yaml), "branches:\n", more.String(), 1)), 0o644); err != nil {
		b.Fatal(err)
	}
	cat, err := catalogue.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	return cat
}

// seedOffice opens n reported cases through the store's own script, spread
// evenly over the branches and departments and over the 90 days before
// now, ten to a mobile number, and returns the case numbers of the first
// branch.
func seedOffice(b *testing.B, st *store.Store, cat *catalogue.Catalogue, branches []string, n int, now time.Time) []string {
	ctx := context.Background()
	var mu sync.Mutex
	var first []string
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := range jobs {
				br := branches[i%len(branches)]
				prefix, _ := cat.Branch(br)
				at := now.Add(-time.Duration(n-i) * 90 * 24 * time.Hour / time.Duration(n))
				r, err := st.OpenCase(ctx, store.Report{Branch: br, Service: "road-defect", Category: "report",
					Channel: "online", Description: "A deep pothole", Phone: fmt.Sprintf("+9665000%05d", (i/len(branches))%(n/len(branches)/10+1)),
					CasePrefix: prefix.CasePrefix, Year: at.Format("2006"), AccessCode: "7KQ2M-XD9PA", Now: at, Actor: "citizen",
					Department: benchDepartments[(i/len(branches))%len(benchDepartments)]})
				if err != nil {
					b.Error(err)
					return
				}
				if br == branches[0] {
					mu.Lock()
					first = append(first, r.Case)
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	return first
}
