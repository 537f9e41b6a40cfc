package booking_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

type errorReply struct {
	Error protocol.Error `json:"error"`
}

// freeSlots lists the starts of the free slots of building-permit, soonest
// first.
func freeSlots(t *testing.T, h *hubtest.Hub) []string {
	var out struct{ Days []actions.DaySlots }
	h.Do(t, "GET", "/api/v1/branches/qatif/bookings/slots?service=building-permit", "", "", http.StatusOK, &out)
	var starts []string
	for _, d := range out.Days {
		for _, s := range d.Slots {
			if s.Free > 0 {
				starts = append(starts, s.Start.Format("2006-01-02T15:04:05Z07:00"))
			}
		}
	}
	if len(starts) < 10 {
		t.Fatalf("only %d free slots", len(starts))
	}
	return starts
}

func bookBody(slot, phone string) string {
	return fmt.Sprintf(`{"service":"building-permit","slot":%q,"phone":%q,"lang":"ar"}`, slot, phone)
}

func TestBookingRefusalsOverHTTP(t *testing.T) {
	h := hubtest.Start(t)
	var bad errorReply
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", bookBody("2020-01-01T09:00:00+03:00", "0501234567"), http.StatusBadRequest, &bad)
	if bad.Error.Field != "slot" || bad.Error.MessageAr == "" {
		t.Fatalf("a slot in the past: %+v", bad.Error)
	}
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", `{"service":"road-defect","slot":"x","phone":"0501234567"}`, http.StatusBadRequest, &bad)
	if bad.Error.Field != "service" {
		t.Fatalf("a service not bookable: %+v", bad.Error)
	}

	slots := freeSlots(t, h)
	var v protocol.BookedVisit
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", bookBody(slots[0], "0500000001"), http.StatusCreated, &v)
	// Wrong codes lock the booking as they lock a case on /track.
	path := "/api/v1/bookings/" + v.Booking.ID
	for range 10 {
		h.Do(t, "GET", path+"?code=AAAAA-AAAAA", "", "", http.StatusNotFound, nil)
	}
	h.Do(t, "GET", path+"?code="+url.QueryEscape(v.AccessCode), "", "", http.StatusTooManyRequests, nil)
	h.Do(t, "POST", path+"/cancel", "", fmt.Sprintf(`{"code":%q}`, v.AccessCode), http.StatusTooManyRequests, nil)
}

// One address may book five times an hour, as it may report; refused
// bookings do not count.
func TestBookingRateLimit(t *testing.T) {
	h := hubtest.Start(t)
	slots := freeSlots(t, h)
	for range 3 {
		h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", bookBody("2020-01-01T09:00:00+03:00", "0501234567"), http.StatusBadRequest, nil)
	}
	for i := range 5 {
		h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", bookBody(slots[i], fmt.Sprintf("05000000%02d", i)), http.StatusCreated, nil)
	}
	var limited errorReply
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", bookBody(slots[5], "0500000099"), http.StatusTooManyRequests, &limited)
	if limited.Error.Code != protocol.CodeRateLimited {
		t.Fatalf("sixth booking: %+v", limited.Error)
	}
}
