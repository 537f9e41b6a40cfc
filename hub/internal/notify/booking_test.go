package notify_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/booking"
	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/notify"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Booking, moving and cancelling an appointment each send a message.
func TestAppointmentMessages(t *testing.T) {
	h := hubtest.Start(t)
	graph, url := newProvider(t, http.StatusOK)
	run(t, h, &notify.WhatsApp{APIURL: url, PhoneID: "1234", Token: "tok"})

	var slots struct {
		Days []struct {
			Slots []struct {
				Start time.Time
				Free  int
			}
		}
	}
	h.Do(t, "GET", "/api/v1/branches/qatif/bookings/slots?service=building-permit", "", "", http.StatusOK, &slots)
	var free []time.Time
	for _, d := range slots.Days {
		for _, s := range d.Slots {
			if s.Free > 0 {
				free = append(free, s.Start)
			}
		}
	}
	var v protocol.BookedVisit
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", fmt.Sprintf(`{"service":"building-permit","slot":%q,"phone":"0501234567","lang":"en"}`,
		free[0].Format(time.RFC3339)), http.StatusCreated, &v)
	h.Do(t, "POST", "/api/v1/bookings/"+v.Booking.ID+"/change", "", fmt.Sprintf(`{"code":%q,"slot":%q}`, v.AccessCode,
		free[1].Format(time.RFC3339)), http.StatusOK, nil)
	h.Do(t, "POST", "/api/v1/bookings/"+v.Booking.ID+"/cancel", "", fmt.Sprintf(`{"code":%q}`, v.AccessCode), http.StatusOK, nil)
	notified(t, h, v.Booking.Case, 3)

	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	at := func(t time.Time) string { return t.In(riyadh).Format("2006-01-02 15:04") }
	want := []string{"shamil_appointment_booked " + v.Booking.ID + "|" + at(free[0]),
		"shamil_appointment_changed " + v.Booking.ID + "|" + at(free[1]),
		"shamil_appointment_cancelled " + v.Booking.ID + "|" + at(free[1])}
	sent := graph.sent()
	if len(sent) != 3 {
		t.Fatalf("%d messages, want 3", len(sent))
	}
	for i, r := range sent {
		tpl := r.Body["template"].(map[string]any)
		var params []string
		for _, c := range tpl["components"].([]any) {
			for _, p := range c.(map[string]any)["parameters"].([]any) {
				params = append(params, p.(map[string]any)["text"].(string))
			}
		}
		if got := fmt.Sprint(tpl["name"]) + " " + strings.Join(params, "|"); got != want[i] {
			t.Errorf("message %d: %s, want %s", i, got, want[i])
		}
	}
}

// The appointments' clock of two hub replicas, looking at the same
// moments, reminds an appointment a day and an hour before its slot: two
// reminders, each sent once, between the booking's message and the
// cancellation's.
func TestAppointmentReminders(t *testing.T) {
	h := hubtest.Start(t)
	graph, url := newProvider(t, http.StatusOK)
	wa := &notify.WhatsApp{APIURL: url, PhoneID: "1234", Token: "tok"}
	run(t, h, wa)
	resume(t, h, wa) // a second replica's dispatcher

	var slots struct {
		Days []struct {
			Slots []struct {
				Start time.Time
				Free  int
			}
		}
	}
	h.Do(t, "GET", "/api/v1/branches/qatif/bookings/slots?service=building-permit", "", "", http.StatusOK, &slots)
	var slot time.Time
	for _, d := range slots.Days {
		for _, s := range d.Slots {
			if s.Free > 0 && slot.IsZero() && s.Start.After(time.Now().Add(25*time.Hour)) {
				slot = s.Start
			}
		}
	}
	var v protocol.BookedVisit
	h.Do(t, "POST", "/api/v1/branches/qatif/bookings", "", fmt.Sprintf(`{"service":"building-permit","slot":%q,"phone":"0501234567","lang":"en"}`,
		slot.Format(time.RFC3339)), http.StatusCreated, &v)

	cat, err := catalogue.Load(hubtest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clocks := []*booking.Clock{{Store: h.Store, Cat: cat, Log: log}, {Store: h.Store, Cat: cat, Log: log}}
	for _, at := range []time.Time{slot.Add(-store.RemindDayBefore + time.Second), slot.Add(-store.RemindHourBefore + time.Second)} {
		var wg sync.WaitGroup
		for _, c := range clocks {
			wg.Go(func() { c.Look(context.Background(), at) })
		}
		wg.Wait()
	}
	h.Do(t, "POST", "/api/v1/bookings/"+v.Booking.ID+"/cancel", "", fmt.Sprintf(`{"code":%q}`, v.AccessCode), http.StatusOK, nil)
	notified(t, h, v.Booking.Case, 4)

	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	when := slot.In(riyadh).Format("2006-01-02 15:04")
	var got []string
	for _, r := range graph.sent() {
		got = append(got, fmt.Sprint(r.Body["template"].(map[string]any)["name"]))
	}
	want := []string{notify.TemplateAppointmentBooked, notify.TemplateAppointmentReminder, notify.TemplateAppointmentReminder,
		notify.TemplateAppointmentCancelled}
	if !slices.Equal(got, want) {
		t.Errorf("messages %q, want %q", got, want)
	}
	m := notify.Message{Template: notify.TemplateAppointmentReminder, Lang: "en", Params: []string{v.Booking.ID, when}}
	if !strings.Contains(m.Text(), "Reminder: your appointment "+v.Booking.ID+" is at "+when) {
		t.Errorf("reminder reads %q", m.Text())
	}
}
