package desk

import (
	"testing"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

func TestTimeLeftCountsWorkingHours(t *testing.T) {
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	branch := protocol.Branch{TimeZone: "Asia/Riyadh", Hours: []protocol.Hours{{Days: []string{"sun", "mon", "tue", "wed", "thu"}, Open: "07:30", Close: "14:30"}}}
	cat := protocol.Catalogue{Categories: []protocol.Category{{Code: "inquiry", FirstResponseHours: 4, ResolutionHours: 24}}}
	// Thursday 13:30: one working hour left that day, then Friday and
	// Saturday are closed, so the 4-hour first response is due Sunday 10:30.
	opened := time.Date(2026, 11, 26, 13, 30, 0, 0, riyadh)
	c := protocol.Case{Category: "inquiry", Status: protocol.CaseInProgress, CreatedAt: opened}

	got, ok := TimeLeft(c, cat, branch, opened.Add(30*time.Minute))
	if !ok || got.Kind != "first_response" || !got.Due.Equal(time.Date(2026, 11, 29, 10, 30, 0, 0, riyadh)) || got.Left != int((3*time.Hour+30*time.Minute).Seconds()) || got.Overdue {
		t.Fatalf("Thursday 14:00: %+v", got)
	}
	got, _ = TimeLeft(c, cat, branch, time.Date(2026, 11, 29, 11, 0, 0, 0, riyadh))
	if !got.Overdue || got.Left != -1800 {
		t.Fatalf("Sunday 11:00: %+v", got)
	}
	replied := opened.Add(time.Hour)
	c.FirstReplyAt = &replied
	got, _ = TimeLeft(c, cat, branch, opened)
	if got.Kind != "resolution" || got.Left != 24*3600 {
		t.Fatalf("after the first reply: %+v", got)
	}
	c.Status = protocol.CaseResolved
	if _, ok := TimeLeft(c, cat, branch, opened); ok {
		t.Fatal("a resolved case has no time left")
	}
}
