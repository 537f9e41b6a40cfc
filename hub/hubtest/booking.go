package hubtest

import (
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Book books a building permit appointment at Qatif for slot, with notes,
// straight in the store as if it had been booked the day before: any slot
// of any day, whatever the time of day the test runs (the /book page
// offers only the branch's open hours). It returns the booking and its
// case's access code, what its QR code holds.
func (h *Hub) Book(t testing.TB, slot time.Time, notes string) (protocol.Booking, string) {
	t.Helper()
	riyadh, err := time.LoadLocation("Asia/Riyadh")
	if err != nil {
		t.Fatal(err)
	}
	slot = slot.In(riyadh)
	b, err := h.Store.BookSlot(t.Context(), store.Book{Branch: "qatif", Service: "building-permit", Category: "permit",
		Slot: slot, Minutes: 20, Label: slot.Format("2006-01-02 15:04"), Places: 2, MaxOverlapping: 3,
		Phone: "+966500000001", PerPhone: 5, Notes: notes, Channel: "online", Lang: "ar", CasePrefix: "QTF",
		Year: slot.Format("2006"), AccessCode: "7KQ2M-XD9PA", Now: slot.Add(-24 * time.Hour), Actor: "citizen"})
	if err != nil {
		t.Fatal(err)
	}
	return b.Booking, b.AccessCode
}
