package actions

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A report made online opens a case that desks see among the open cases
// and the citizen can track; a retry of the same report opens nothing new.
func TestReportCase(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	a, st := newActions(t, now)
	ctx := context.Background()
	lat, lng := 26.56, 50.01
	report := Report{Branch: "qatif", Service: "road-defect", Description: "  حفرة كبيرة أمام المدرسة <b>  ",
		Location: &protocol.Location{District: "الناصرة", Street: "شارع الملك عبدالعزيز", Lat: &lat, Lng: &lng},
		Phone:    "0551234567", Channel: "online", RequestID: "form-1"}
	got, err := a.ReportCase(ctx, report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Case, "QTF-2026-") || got.AccessCode == "" ||
		!strings.HasPrefix(got.TrackURL, "https://shamil.example.sa/track?") || !strings.Contains(got.TrackURL, got.Case) {
		t.Fatalf("reported %+v", got)
	}
	again, err := a.ReportCase(ctx, report)
	if err != nil || again != got {
		t.Fatalf("the retry answered %+v, %v; want %+v", again, err, got)
	}

	c, err := a.PublicCase(ctx, got.Case, got.AccessCode)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != protocol.CaseReceived || c.Channel != "online" || c.Ticket != "" || c.Category != "report" ||
		c.Description != "حفرة كبيرة أمام المدرسة <b>" || c.Location == nil || *c.Location.Lat != lat ||
		c.Lang != "ar" || len(c.Timeline) != 1 || c.Timeline[0].Kind != protocol.EntryOpened {
		t.Fatalf("the citizen sees %+v", c)
	}
	open, err := st.OpenCases(ctx, "qatif", 10)
	if err != nil || len(open) != 1 || open[0].Number != got.Case {
		t.Fatalf("open cases %+v, %v", open, err)
	}
	byPhone, err := st.CasesByPhone(ctx, "qatif", "+966551234567")
	if err != nil || len(byPhone) != 1 {
		t.Fatalf("cases of the phone %+v, %v", byPhone, err)
	}
	// The same case rules as a walk-in's: no resolving without a response.
	if _, err := do(t, a, sara, protocol.ReqCaseResolve, "r1", protocol.CaseText{Case: got.Case}); code(err) != protocol.CodeResponseRequired {
		t.Fatalf("resolving without a response: %v", err)
	}
}

// Each wrong field of a report is named, in both languages, and nothing is
// stored.
func TestReportCaseRefusals(t *testing.T) {
	a, st := newActions(t, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	ok := Report{Branch: "qatif", Service: "road-defect", Description: "حفرة", Channel: "online"}
	far := 91.0
	for _, c := range []struct {
		field  string
		change func(*Report)
	}{
		{"branch", func(r *Report) { r.Branch = "dammam" }},
		{"service", func(r *Report) { r.Service = "" }},
		{"service", func(r *Report) { r.Service = "moon-landing" }},
		{"description", func(r *Report) { r.Description = "   " }},
		{"description", func(r *Report) { r.Description = strings.Repeat("ب", 4001) }},
		{"description", func(r *Report) { r.Description = "\xff" }},
		{"phone", func(r *Report) { r.Phone = "12345" }},
		{"lang", func(r *Report) { r.Lang = "fr" }},
		{"location", func(r *Report) { r.Location = &protocol.Location{Lat: &far} }},
	} {
		r := ok
		c.change(&r)
		_, err := a.ReportCase(context.Background(), r)
		pe, isPE := err.(*protocol.Error)
		if !isPE || pe.Field != c.field || pe.Message == "" || pe.MessageAr == "" {
			t.Errorf("a report with a wrong %s: %v", c.field, err)
		}
	}
	if open, err := st.OpenCases(context.Background(), "qatif", 10); err != nil || len(open) != 0 {
		t.Fatalf("refused reports stored %+v, %v", open, err)
	}
}
