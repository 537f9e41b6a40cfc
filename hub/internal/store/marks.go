package store

import (
	"strconv"
	"strings"
	"sync"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// marks are, per branch, the highest numbers this hub has seen handed out:
// from the replies to its own requests and from every branch's live events
// (which every hub on the same Redis receives, see LiveEvents), so a hub
// also knows what the others acknowledged. A failover that promotes a
// replica which missed the last writes takes the counters back below them;
// the numbering scripts are given these marks as floors, move past them and
// start a new epoch (prelude.lua's history_lost). They live in the hub's
// memory only: what Redis lost, Redis cannot tell.
type marks struct {
	mu       sync.Mutex
	branches map[string]*branchMarks
}

type branchMarks struct {
	offset  int64          // the highest event offset
	day     string         // the latest local day a ticket was seen for
	tickets map[string]int // that day's highest ticket number per lane letter
	year    string         // the latest year a case was seen for
	cases   int            // that year's highest case number
}

// floors is what a numbering script must stay above.
type floors struct {
	offset int64
	ticket int // of the lane letter and day asked for
	cases  int // of the year asked for
}

func (m *marks) branch(b string) *branchMarks {
	if m.branches == nil {
		m.branches = map[string]*branchMarks{}
	}
	bm := m.branches[b]
	if bm == nil {
		bm = &branchMarks{tickets: map[string]int{}}
		m.branches[b] = bm
	}
	return bm
}

// sawEvent records the offset of an event and the numbers it shows.
func (m *marks) sawEvent(ev protocol.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	bm := m.branch(ev.Branch)
	bm.offset = max(bm.offset, ev.Offset)
	if ev.Ticket != nil && ev.Type == protocol.EventTicketIssued {
		bm.sawTicket(ev.Ticket.Day, ev.Ticket.Number)
	}
	if ev.Ticket != nil && ev.Ticket.Case != "" {
		bm.sawCase(ev.Ticket.Case)
	}
	if ev.Case != nil {
		bm.sawCase(ev.Case.Number)
	}
}

// sawIssued records a ticket and case number acknowledged to a client.
func (m *marks) sawIssued(branch, day, number, caseNumber string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	bm := m.branch(branch)
	bm.sawTicket(day, number)
	bm.sawCase(caseNumber)
}

// sawCase records a case number acknowledged to a client.
func (m *marks) sawCase(branch, number string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.branch(branch).sawCase(number)
}

// sawTicket reads a ticket number "A-045".
func (bm *branchMarks) sawTicket(day, number string) {
	letter, digits, ok := strings.Cut(number, "-")
	n, err := strconv.Atoi(digits)
	if !ok || err != nil || day < bm.day {
		return
	}
	if day > bm.day {
		bm.day, bm.tickets = day, map[string]int{}
	}
	bm.tickets[letter] = max(bm.tickets[letter], n)
}

// sawCase reads a case number "QTF-2026-000123".
func (bm *branchMarks) sawCase(number string) {
	rest, digits, ok := cutLast(number, "-")
	_, year, ok2 := cutLast(rest, "-")
	n, err := strconv.Atoi(digits)
	if !ok || !ok2 || err != nil || year < bm.year {
		return
	}
	if year > bm.year {
		bm.year, bm.cases = year, 0
	}
	bm.cases = max(bm.cases, n)
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// floorsOf returns the marks a script numbering a ticket of letter on day
// (letter and day empty for a case alone) and a case of year must pass.
func (m *marks) floorsOf(branch, day, letter, year string) floors {
	m.mu.Lock()
	defer m.mu.Unlock()
	bm := m.branch(branch)
	f := floors{offset: bm.offset}
	if day == bm.day {
		f.ticket = bm.tickets[letter]
	}
	if year == bm.year {
		f.cases = bm.cases
	}
	return f
}
