package catalogue

import (
	"testing"
	"time"
)

const samplePath = "../../catalogues/qatif.yaml"

// fixedTime is an arbitrary instant for tests that need one.
var fixedTime = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

func loadSample(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Load(samplePath)
	if err != nil {
		t.Fatalf("load sample catalogue: %v", err)
	}
	return c
}

func TestSampleCatalogue(t *testing.T) {
	c := loadSample(t)
	wire := c.Wire()

	if wire.Municipality.Ar != "بلدية محافظة القطيف" || wire.Municipality.En != "Qatif Governorate Municipality" {
		t.Errorf("municipality = %+v", wire.Municipality)
	}
	branch, ok := c.Branch("qatif")
	if !ok {
		t.Fatal("branch qatif missing")
	}
	if branch.CasePrefix != "QTF" || branch.TimeZone != "Asia/Riyadh" {
		t.Errorf("branch qatif: prefix %q, zone %q; want QTF, Asia/Riyadh", branch.CasePrefix, branch.TimeZone)
	}
	if got, ok := c.BranchByCasePrefix("QTF"); !ok || got.ID != "qatif" {
		t.Errorf("BranchByCasePrefix(QTF) = %q, %v", got.ID, ok)
	}
	if len(branch.Desks) != 6 {
		t.Errorf("branch qatif has %d desks, want 6", len(branch.Desks))
	}
	if desk, ok := c.Desk("qatif", "3"); !ok || desk.Name.En != "Desk 3" {
		t.Errorf(`Desk("qatif", "3") = %+v, %v`, desk, ok)
	}
	if c.Location("qatif").String() != "Asia/Riyadh" {
		t.Errorf("Location(qatif) = %v", c.Location("qatif"))
	}
	if r := c.Rules("qatif"); r.RecallDelay != 20*time.Second || r.NoShowAfterCalls != 2 {
		t.Errorf("Rules(qatif) = %+v", r)
	}
	if r := c.Rules("dammam"); r.RecallDelay != 0 || r.NoShowAfterCalls != 1 {
		t.Errorf("Rules of an unknown branch = %+v", r)
	}
	if got := c.PriorityCredit("qatif"); got != 15*time.Minute {
		t.Errorf("PriorityCredit(qatif) = %v, want 15m", got)
	}

	if len(wire.Services) < 12 {
		t.Errorf("sample has %d services, want at least 12", len(wire.Services))
	}
	for _, s := range wire.Services {
		if s.Name.Ar == "" || s.Name.En == "" || s.Description.Ar == "" || s.Description.En == "" {
			t.Errorf("service %q lacks a language: %+v", s.Code, s)
		}
		if _, ok := c.Category(s.Category); !ok {
			t.Errorf("service %q: category %q not found", s.Code, s.Category)
		}
		if got, ok := c.Service(s.Code); !ok || got.Code != s.Code {
			t.Errorf("Service(%q) = %q, %v", s.Code, got.Code, ok)
		}
	}
	for _, code := range []string{"complaint", "report", "request", "inquiry", "suggestion", "permit"} {
		if _, ok := c.Category(code); !ok {
			t.Errorf("category %q missing", code)
		}
	}
}

func TestLookupsOfUnknownNames(t *testing.T) {
	c := loadSample(t)
	if _, ok := c.Branch("dammam"); ok {
		t.Error("Branch(dammam) found")
	}
	if _, ok := c.BranchByCasePrefix("qtf"); ok {
		t.Error("BranchByCasePrefix is not case-sensitive")
	}
	if _, ok := c.Desk("qatif", "7"); ok {
		t.Error(`Desk("qatif", "7") found`)
	}
	if _, ok := c.Desk("dammam", "1"); ok {
		t.Error(`Desk("dammam", "1") found`)
	}
	if _, ok := c.Service("no-such-service"); ok {
		t.Error("Service(no-such-service) found")
	}
	if _, ok := c.Category("permitt"); ok {
		t.Error("Category(permitt) found")
	}
	if c.Location("dammam") != time.UTC {
		t.Error("Location of an unknown branch is not UTC")
	}
	if got := c.PriorityCredit("dammam"); got != defaultPriorityCredit {
		t.Errorf("PriorityCredit(dammam) = %v", got)
	}
}

func TestRemoteTicketsPerPhone(t *testing.T) {
	for _, tt := range []struct {
		setting string
		want    int
	}{{"", 1}, {"\n    remote_tickets_per_phone: 0", 0}, {"\n    remote_tickets_per_phone: 3", 3}} {
		c, err := Parse([]byte(replaceOnce(t, validFile, "priority_credit_minutes: 10", "priority_credit_minutes: 10"+tt.setting)), "test.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if got := c.RemoteTicketsPerPhone("main"); got != tt.want {
			t.Errorf("%q: RemoteTicketsPerPhone = %d, want %d", tt.setting, got, tt.want)
		}
	}
	if got := (&Catalogue{}).RemoteTicketsPerPhone("dammam"); got != 0 {
		t.Errorf("RemoteTicketsPerPhone(unknown branch) = %d", got)
	}
}

func TestTurnNearAndReopen(t *testing.T) {
	for _, tt := range []struct {
		setting string
		near    int
		reopen  time.Duration
	}{
		{"", 3, 30 * 24 * time.Hour},
		{"\n    turn_near_ahead: 0\n    reopen_days: 7", 0, 7 * 24 * time.Hour},
		{"\n    turn_near_ahead: 5\n    reopen_days: 0", 5, 30 * 24 * time.Hour},
	} {
		c, err := Parse([]byte(replaceOnce(t, validFile, "priority_credit_minutes: 10", "priority_credit_minutes: 10"+tt.setting)), "test.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if near, reopen := c.TurnNearAhead("main"), c.ReopenWindow("main"); near != tt.near || reopen != tt.reopen {
			t.Errorf("%q: TurnNearAhead %d, ReopenWindow %v; want %d, %v", tt.setting, near, reopen, tt.near, tt.reopen)
		}
	}
	if near, reopen := (&Catalogue{}).TurnNearAhead("dammam"), (&Catalogue{}).ReopenWindow("dammam"); near != 3 || reopen != 30*24*time.Hour {
		t.Errorf("unknown branch: %d, %v", near, reopen)
	}
}

func TestPriorityCredit(t *testing.T) {
	tests := []struct {
		minutes string
		want    time.Duration
	}{
		{"0", 15 * time.Minute},
		{"1", time.Minute},
		{"45", 45 * time.Minute},
		{"120", 120 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.minutes, func(t *testing.T) {
			c, err := Parse([]byte(replaceOnce(t, validFile, "priority_credit_minutes: 10", "priority_credit_minutes: "+tt.minutes)), "test.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if got := c.PriorityCredit("main"); got != tt.want {
				t.Errorf("PriorityCredit = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDay(t *testing.T) {
	c := loadSample(t)
	tests := []struct {
		utc  string
		want string
	}{
		{"2026-11-28T20:59:59Z", "2026-11-28"}, // 23:59:59 in Riyadh
		{"2026-11-28T21:00:00Z", "2026-11-29"}, // midnight in Riyadh
		{"2026-11-28T21:30:00Z", "2026-11-29"}, // UTC still says the 28th
		{"2026-12-31T22:00:00Z", "2027-01-01"}, // and across a year
	}
	for _, tt := range tests {
		t.Run(tt.utc, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tt.utc)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Day("qatif", at); got != tt.want {
				t.Errorf("Day(qatif, %s) = %s, want %s", tt.utc, got, tt.want)
			}
		})
	}
	if got := c.Day("dammam", mustTime(t, "2026-11-28T21:30:00Z")); got != "2026-11-28" {
		t.Errorf("Day of an unknown branch = %s, want the UTC date", got)
	}
}

func TestOpen(t *testing.T) {
	c := loadSample(t)
	// Qatif opens Sunday to Thursday, 07:30 to 14:30 Riyadh time (UTC+3).
	tests := []struct {
		name string
		utc  string
		want bool
	}{
		{"Sunday 07:29", "2026-11-29T04:29:00Z", false},
		{"Sunday 07:30", "2026-11-29T04:30:00Z", true},
		{"Sunday 14:29", "2026-11-29T11:29:00Z", true},
		{"Sunday 14:30", "2026-11-29T11:30:00Z", false},
		{"Thursday 10:00", "2026-11-26T07:00:00Z", true},
		{"Friday 10:00", "2026-11-27T07:00:00Z", false},
		{"Saturday 10:00", "2026-11-28T07:00:00Z", false},
		{"Sunday 00:30, Saturday in UTC", "2026-11-28T21:30:00Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Open("qatif", mustTime(t, tt.utc)); got != tt.want {
				t.Errorf("Open(qatif, %s) = %v, want %v", tt.utc, got, tt.want)
			}
		})
	}
	if c.Open("dammam", mustTime(t, "2026-11-29T07:00:00Z")) {
		t.Error("an unknown branch is open")
	}
}

func TestOpenWithSplitHours(t *testing.T) {
	// A branch with a morning and an evening period on different days.
	file := replaceOnce(t, validFile, `      - days: [sun, mon]
        open: "08:00"
        close: "14:00"`, `      - days: [sun, mon]
        open: "08:00"
        close: "12:00"
      - days: [mon]
        open: "16:00"
        close: "21:00"`)
	c, err := Parse([]byte(file), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		utc  string
		want bool
	}{
		{"2026-11-29T06:00:00Z", true},  // Sunday 09:00
		{"2026-11-29T14:00:00Z", false}, // Sunday 17:00: the evening is Monday's only
		{"2026-11-30T10:00:00Z", false}, // Monday 13:00: between the periods
		{"2026-11-30T14:00:00Z", true},  // Monday 17:00
	}
	for _, tt := range tests {
		if got := c.Open("main", mustTime(t, tt.utc)); got != tt.want {
			t.Errorf("Open(main, %s) = %v, want %v", tt.utc, got, tt.want)
		}
	}
}

func mustTime(t *testing.T, rfc3339 string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
