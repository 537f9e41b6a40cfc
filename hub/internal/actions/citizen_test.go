package actions

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// A location sent by a citizen (WhatsApp's location message) gets the same
// check as a desk's: half a point is refused, naming the field, and nothing
// changes; a whole one is kept, once however often it is delivered.
func TestCitizenLocationChecked(t *testing.T) {
	a, st := newActions(t, time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	rc, err := a.ReportCase(ctx, Report{Branch: "qatif", Service: "road-defect", Description: "حفرة", Channel: "whatsapp", Phone: "0551234567"})
	if err != nil {
		t.Fatal(err)
	}
	to := CitizenAct{Branch: "qatif", Case: rc.Case, Channel: "whatsapp", RequestID: "wamid.1"}
	lat, lng := 26.56, 50.01
	_, err = a.CitizenLocation(ctx, to, protocol.Location{Lat: &lat})
	var pe *protocol.Error
	if code(err) != protocol.CodeBadRequest || !errors.As(err, &pe) || pe.Field != "location" || pe.MessageAr == "" {
		t.Fatalf("half a location: %v", err)
	}
	if c, _ := st.Case(ctx, "qatif", rc.Case); c.Location != nil || len(c.Timeline) != 1 {
		t.Fatalf("the refused location changed the case: %+v", c)
	}
	for range 2 {
		if _, err := a.CitizenLocation(ctx, to, protocol.Location{Lat: &lat, Lng: &lng, Landmark: "المدرسة"}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := st.Case(ctx, "qatif", rc.Case)
	if err != nil || c.Location == nil || *c.Location.Lat != lat || c.Location.Landmark != "المدرسة" || len(c.Timeline) != 2 {
		t.Fatalf("after the location: %+v, %v", c, err)
	}
}
