package store

import (
	"regexp"
	"slices"
	"testing"
)

// Tickets issued in the same millisecond share a score; the waiting queue
// then orders them by id, so ids must sort in the order they were made.
func TestTicketIDsSortInIssueOrder(t *testing.T) {
	shape := regexp.MustCompile(`^qatif-20261129-[a-z2-7]{10}$`)
	var ids []string
	for range 2000 {
		id := ticketID("qatif", "2026-11-29")
		if !shape.MatchString(id) {
			t.Fatalf("id %q", id)
		}
		ids = append(ids, id)
	}
	if !slices.IsSorted(ids) {
		t.Fatal("ticket ids do not sort in the order they were made")
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatal("a ticket id was made twice")
	}
}
