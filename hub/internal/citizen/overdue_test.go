package citizen_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/citizen"
	"github.com/shamil-municipal/shamil/hub/internal/store"
)

// A case the Roads Department has held past its targets tells the citizen
// so on /track: which department has it, by how long it is late, and that
// the head was told once the escalation is on record.
func TestTrackSaysOverdue(t *testing.T) {
	h := hubtest.Start(t)
	ctx := context.Background()
	opened := time.Now().Add(-30 * 24 * time.Hour)
	r, err := h.Store.OpenCase(ctx, store.Report{Branch: "qatif", Service: "road-defect", Category: "report", Channel: "online",
		Description: "A deep pothole", CasePrefix: "QTF", Year: opened.Format("2006"), AccessCode: "7KQ2M-XD9PA",
		Now: opened, Actor: "citizen", Department: "roads"})
	must(t, err)
	track := func() citizen.View {
		var v citizen.View
		h.Do(t, "GET", "/api/v1/cases/"+r.Case+"/track?code="+r.AccessCode, "", "", http.StatusOK, &v)
		return v
	}
	// The hub's own escalator may tell the head first, whenever it sweeps:
	// the escalation below is then the second, and changes nothing.
	v := track()
	if v.Overdue == nil || v.Overdue.BySeconds < 86400 || v.Departments["roads"].En != "Roads Department" {
		t.Fatalf("overdue: %+v %+v", v.Overdue, v.Departments)
	}
	if _, err := h.Store.Escalate(ctx, "qatif", r.Case, "roads", store.TargetResolution, time.Now()); err != nil {
		t.Fatal(err)
	}
	if v = track(); v.Overdue == nil || !v.Overdue.HeadTold {
		t.Fatalf("after the escalation: %+v", v.Overdue)
	}
	for _, e := range v.Case.Timeline {
		if e.Kind == "escalated" {
			t.Fatalf("the internal escalation entry reached the citizen: %+v", e)
		}
	}
}
