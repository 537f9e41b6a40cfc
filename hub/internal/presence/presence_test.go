package presence_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/client"
	"github.com/shamil-municipal/shamil/hub/hubtest"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// devices polls the device list, generously for a loaded machine, until ok
// accepts it.
func devices(t *testing.T, st *store.Store, what string, ok func(map[string]store.Device) bool) map[string]store.Device {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		list, err := st.ListDevices(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]store.Device{}
		for _, d := range list {
			byID[d.ID] = d
		}
		if ok(byID) {
			return byID
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %+v", what, list)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Two hub replicas on one Redis: a kiosk connected to the first and a
// display to the second are both online now, with a last-seen time, in
// the list either replica reads; when the kiosk's connection ends, it is
// offline at once while the display stays online, and its last-seen time
// stays.
func TestOnlineOnTwoReplicas(t *testing.T) {
	h := hubtest.Start(t)
	h2 := h.Replica(t)
	ctx := context.Background()
	kiosk, kioskToken, err := hubtest.AddDevice(ctx, h.Store, "qatif", protocol.RoleKiosk, "كشك المدخل")
	if err != nil {
		t.Fatal(err)
	}
	display, displayToken, err := hubtest.AddDevice(ctx, h.Store, "qatif", protocol.RoleDisplay, "شاشة الصالة")
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	dial := func(url, token string) *client.Client {
		c, err := client.Dial(ctx, client.Config{URL: url, Token: token, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	before := time.Now()
	kioskConn := dial(h.WS, kioskToken)
	dial(h2.WS, displayToken)

	got := devices(t, h2.Store, "both online", func(d map[string]store.Device) bool {
		return d[kiosk].Online && d[display].Online && !d[kiosk].LastSeen.IsZero() && !d[display].LastSeen.IsZero()
	})
	if got[kiosk].Name != "كشك المدخل" || got[kiosk].LastSeen.Before(before.Add(-time.Second)) {
		t.Fatalf("the kiosk: %+v", got[kiosk])
	}

	kioskConn.Close()
	got = devices(t, h.Store, "the kiosk offline", func(d map[string]store.Device) bool { return !d[kiosk].Online })
	if !got[display].Online || got[kiosk].LastSeen.IsZero() {
		t.Fatalf("after the kiosk left: %+v", got)
	}
}
