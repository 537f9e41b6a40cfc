package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/internal/redistest"
)

// The audit log keeps what is appended, oldest first, from a time on; an
// append drops the entries older than the retention.
func TestAuditLogRetention(t *testing.T) {
	srv := redistest.Start(t)
	s := New(srv.Client())
	ctx := context.Background()
	old := time.Now().Add(-AuditRetention - time.Hour)
	if err := srv.Client().XAdd(ctx, &redis.XAddArgs{Stream: keyAudit, ID: fmt.Sprintf("%d-0", old.UnixMilli()),
		Values: []any{"actor", "old", "action", "signin"}}).Err(); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Second)
	for _, e := range []AuditEntry{
		{Actor: "root", Addr: "203.0.113.5", Action: "device_revoke", Target: "kiosk-7f3a9c", Detail: "revoked"},
		{Actor: "sara", Addr: "203.0.113.6", Action: "signin"},
	} {
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.AuditLog(ctx, time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Actor != "root" || all[0].Target != "kiosk-7f3a9c" || all[0].Addr != "203.0.113.5" || all[1].Actor != "sara" {
		t.Fatalf("audit log %+v: want the two new entries, the old one trimmed", all)
	}
	if all[0].At.Before(start) || all[0].At.After(time.Now()) {
		t.Errorf("entry time %v", all[0].At)
	}
	later, err := s.AuditLog(ctx, time.Now().Add(time.Minute), 100)
	if err != nil || len(later) != 0 {
		t.Errorf("entries after now: %+v %v", later, err)
	}
}
