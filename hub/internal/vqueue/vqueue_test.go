package vqueue_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

func take(t *testing.T, h *hubtest.Hub, phone string, want int, out any) {
	t.Helper()
	h.Do(t, "POST", "/api/v1/branches/qatif/remote-tickets", "",
		`{"service":"road-defect","phone":"`+phone+`","lang":"ar"}`, want, out)
}

func kiosk(t *testing.T, h *hubtest.Hub) *client.Client {
	t.Helper()
	c, err := client.Dial(context.Background(), client.Config{URL: h.WS, Token: h.Device(t, protocol.RoleKiosk), Branch: "qatif"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRemoteTicketThroughRESTAndKiosk(t *testing.T) {
	h := hubtest.Start(t)
	k := kiosk(t, h)
	ctx := context.Background()

	var walkIn protocol.IssuedTicket
	if err := k.Do(ctx, protocol.ReqTicketIssue, protocol.IssueTicket{Service: "road-defect"}, &walkIn); err != nil {
		t.Fatal(err)
	}
	var got actions.TakenTicket
	take(t, h, "0501234567", http.StatusCreated, &got)
	if got.Ticket.Number != "A-002" || got.Ticket.State != protocol.TicketRemote || got.Ahead != 1 {
		t.Fatalf("taken: %+v", got)
	}
	wantURL := "http://shamil.test/queue/qatif?" + url.Values{"code": {got.AccessCode}, "ticket": {got.Ticket.ID}}.Encode()
	if got.CheckInURL != wantURL {
		t.Fatalf("check-in URL %q, want %q", got.CheckInURL, wantURL)
	}

	// The same number cannot hold two; the error says so in both languages.
	var refused struct{ Error protocol.Error }
	take(t, h, "+966501234567", http.StatusTooManyRequests, &refused)
	if !strings.Contains(refused.Error.Message, "already holds") || refused.Error.MessageAr == "" {
		t.Fatalf("second ticket: %+v", refused.Error)
	}

	status := "/api/v1/remote-tickets/" + got.Ticket.ID + "?code=" + got.AccessCode
	var st actions.RemoteTicket
	h.Do(t, "GET", status, "", "", http.StatusOK, &st)
	if st.Ticket.State != protocol.TicketRemote || st.Ahead != 1 || st.EstimatedWait != 360 {
		t.Fatalf("status: %+v", st)
	}
	h.Do(t, "GET", "/api/v1/remote-tickets/"+got.Ticket.ID+"?code=AAAAA-AAAAA", "", "", http.StatusNotFound, nil)

	// The QR code holds the check-in address.
	res, err := http.Get(h.URL + "/api/v1/remote-tickets/" + got.Ticket.ID + "/qr.svg?code=" + got.AccessCode)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("QR: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// A wrong code at the kiosk is refused; the right one checks in.
	var in protocol.CheckedIn
	err = k.Do(ctx, protocol.ReqTicketCheckIn, protocol.CheckIn{Ticket: got.Ticket.ID, Code: "AAAAA-AAAAA"}, &in)
	if !errorsIs(err, protocol.CodeNotFound) {
		t.Fatalf("wrong code at the kiosk: %v", err)
	}
	if err := k.Do(ctx, protocol.ReqTicketCheckIn, protocol.CheckIn{Ticket: got.Ticket.ID, Code: got.AccessCode}, &in); err != nil {
		t.Fatal(err)
	}
	if in.Ticket.State != protocol.TicketWaiting || in.Ahead != 1 || in.Ticket.Number != "A-002" {
		t.Fatalf("checked in: %+v", in)
	}
	h.Do(t, "GET", status, "", "", http.StatusOK, &st)
	if st.Ticket.State != protocol.TicketWaiting || st.Ahead != 1 {
		t.Fatalf("status after check-in: %+v", st)
	}

	// The citizen cancels; the number may take another ticket.
	var cancelled protocol.Ticket
	h.Do(t, "POST", "/api/v1/remote-tickets/"+got.Ticket.ID+"/cancel", "", `{"code":"`+got.AccessCode+`"}`, http.StatusOK, &cancelled)
	if cancelled.State != protocol.TicketCancelled {
		t.Fatalf("cancelled: %+v", cancelled)
	}
	take(t, h, "0501234567", http.StatusCreated, &got)
}

func errorsIs(err error, code string) bool {
	var pe *protocol.Error
	return errors.As(err, &pe) && pe.Code == code
}

func TestRemoteTicketRefusals(t *testing.T) {
	h := hubtest.Start(t)
	for _, tc := range []struct {
		name, path, ctype, body string
		status                  int
		field                   string
	}{
		{"priority lane", "/api/v1/branches/qatif/remote-tickets", "application/json", `{"service":"road-defect","phone":"0501234567","lane":"priority"}`, 400, "lane"},
		{"no phone", "/api/v1/branches/qatif/remote-tickets", "application/json", `{"service":"road-defect"}`, 400, "phone"},
		{"bad phone", "/api/v1/branches/qatif/remote-tickets", "application/json", `{"service":"road-defect","phone":"12345"}`, 400, "phone"},
		{"unknown service", "/api/v1/branches/qatif/remote-tickets", "application/json", `{"service":"moon","phone":"0501234567"}`, 404, "service"},
		{"unknown branch", "/api/v1/branches/dammam/remote-tickets", "application/json", `{"service":"road-defect","phone":"0501234567"}`, 404, "branch"},
		{"unknown field", "/api/v1/branches/qatif/remote-tickets", "application/json", `{"service":"road-defect","phone":"0501234567","x":1}`, 400, ""},
		{"form twice", "/api/v1/branches/qatif/remote-tickets", "application/x-www-form-urlencoded", `service=a&service=b&phone=0501234567`, 400, ""},
		{"too large", "/api/v1/branches/qatif/remote-tickets", "application/json", `{"service":"` + strings.Repeat("a", 5000) + `"}`, 413, ""},
		{"unknown ticket", "/api/v1/remote-tickets/qatif-20261128-A999/cancel", "application/json", `{"code":"7KQ2M-XD9PA"}`, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", h.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ctype)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out struct{ Error protocol.Error }
			json.NewDecoder(res.Body).Decode(&out)
			if res.StatusCode != tc.status || out.Error.Field != tc.field || out.Error.Message == "" || out.Error.MessageAr == "" {
				t.Fatalf("%d %+v, want %d field %q with both messages", res.StatusCode, out.Error, tc.status, tc.field)
			}
		})
	}
}
