package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

var scriptCitizenRate = register("citizen_rate", rateArgs{})

// rateArgs are citizen_rate.lua's arguments.
type rateArgs struct {
	Branch    string `json:"branch"`
	Number    string `json:"number"`
	Now       string `json:"now"`
	Text      string `json:"text"`
	MaxEvents int    `json:"max_events"`
}

// EntryRated is the timeline entry of the citizen's rating: its text is
// "<stars>/5", then " — " and the comment when there is one.
const EntryRated = "rated"

// Wrong access codes are counted per case number and per client address. A
// value that would break the key layout has no counter (the other one still
// counts).
func keyGuessCase(number string) string {
	if !keyPart(number) {
		return ""
	}
	return "guess:case:" + number
}

func keyGuessAddr(addr string) string {
	if addr == "" || len(addr) > 64 {
		return ""
	}
	return "guess:addr:" + addr
}

// AccessFailures returns the wrong access codes counted on a case number
// (or ticket id) and from a client address.
func (s *Store) AccessFailures(ctx context.Context, number, addr string) (onCase, fromAddr int, err error) {
	if onCase, err = s.failures(ctx, keyGuessCase(number)); err != nil {
		return 0, 0, fmt.Errorf("wrong access codes on %s: %w", number, err)
	}
	if fromAddr, err = s.failures(ctx, keyGuessAddr(addr)); err != nil {
		return 0, 0, fmt.Errorf("wrong access codes from %s: %w", addr, err)
	}
	return onCase, fromAddr, nil
}

// AccessFailed counts a wrong access code against the case number and the
// address. Each counter lasts window from its first wrong code; reaching
// limit keeps it there for window from then.
func (s *Store) AccessFailed(ctx context.Context, number, addr string, limit int, window time.Duration) error {
	if err := s.countFailure(ctx, limit, window, keyGuessCase(number), keyGuessAddr(addr)); err != nil {
		return fmt.Errorf("wrong access code on %s: %w", number, err)
	}
	return nil
}

// CitizenReopen reopens a resolved or closed case at the citizen's request,
// at most window after it was finished; text says why. Checking the window
// before case_act runs is safe: the finishing time only ever moves later, so
// a case within its window stays within it.
func (s *Store) CitizenReopen(ctx context.Context, branch, number, text string, now time.Time, window time.Duration) (protocol.Case, error) {
	c, err := s.Case(ctx, branch, number)
	if err != nil {
		return protocol.Case{}, err
	}
	if at, ok := FinishedAt(c); ok && now.After(at.Add(window)) {
		return protocol.Case{}, refusal(protocol.CodeInvalidState, "reopen_window_passed")
	}
	return s.textAction(ctx, branch, number, By{Actor: "citizen", Now: now}, "reopen", text)
}

// FinishedAt is when a resolved or closed case was last resolved or closed.
func FinishedAt(c protocol.Case) (time.Time, bool) {
	if c.Status != protocol.CaseResolved && c.Status != protocol.CaseClosed {
		return time.Time{}, false
	}
	for i := len(c.Timeline) - 1; i >= 0; i-- {
		if k := c.Timeline[i].Kind; k == protocol.EntryResolved || k == protocol.EntryClosed {
			return c.Timeline[i].At, true
		}
	}
	return time.Time{}, false
}

// RateCase records the citizen's rating of the service, 1 to 5 stars with an
// optional comment, on a resolved or closed case, once since it was last
// reopened.
func (s *Store) RateCase(ctx context.Context, branch, number string, stars int, comment string, now time.Time) (protocol.Case, error) {
	if stars < 1 || stars > 5 {
		return protocol.Case{}, words.ChooseStars.FieldError("stars")
	}
	comment, err := caseText("comment", comment, false)
	if err != nil {
		return protocol.Case{}, err
	}
	if !keyPart(branch) || !keyPart(number) {
		return protocol.Case{}, caseNotFound()
	}
	text := strconv.Itoa(stars) + "/5"
	if comment != "" {
		text += " — " + comment
	}
	args := rateArgs{Branch: branch, Number: number, Now: isoTime(now), Text: text, MaxEvents: EventsKept}
	if _, err := s.call(ctx, scriptCitizenRate, eventKeys(branch).with(caseKeys(branch, number)), args); err != nil {
		return protocol.Case{}, fmt.Errorf("rate case %s: %w", number, err)
	}
	return s.Case(ctx, branch, number)
}
