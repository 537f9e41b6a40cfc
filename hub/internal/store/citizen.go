package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

var (
	scriptCitizenGuess = register("citizen_guess")
	scriptCitizenRate  = register("citizen_rate")
)

// EntryRated is the timeline entry of the citizen's rating: its text is
// "<stars>/5", then " — " and the comment when there is one.
const EntryRated = "rated"

// Wrong access codes are counted per case number and per client address.
// The counters are not per branch (an unknown number has no branch), so each
// operation touches one key, like the accounts.
func keyGuessCase(number string) string { return "guess:case:" + number }
func keyGuessAddr(addr string) string   { return "guess:addr:" + addr }

// AccessLocked reports whether the wrong access codes tried on a case number
// or from an address have reached limit.
func (s *Store) AccessLocked(ctx context.Context, number, addr string, limit int) (bool, error) {
	for _, key := range guessKeys(number, addr) {
		n, err := s.rdb.Get(ctx, key).Int()
		if err != nil && !isNil(err) {
			return false, fmt.Errorf("read wrong access codes: %w", err)
		}
		if n >= limit {
			return true, nil
		}
	}
	return false, nil
}

// AccessFailed counts a wrong access code against the case number and the
// address. Each counter lasts window from its first wrong code; reaching
// limit locks it for window from then.
func (s *Store) AccessFailed(ctx context.Context, number, addr string, limit int, window time.Duration) error {
	for _, key := range guessKeys(number, addr) {
		if _, err := s.run(ctx, scriptCitizenGuess, []string{key}, window.Milliseconds(), limit); err != nil {
			return fmt.Errorf("count a wrong access code: %w", err)
		}
	}
	return nil
}

// guessKeys are the counters of a number and an address; a value that would
// break the key layout is not counted (the other one still is).
func guessKeys(number, addr string) []string {
	var keys []string
	if keyPart(number) {
		keys = append(keys, keyGuessCase(number))
	}
	if addr != "" && len(addr) <= 64 {
		keys = append(keys, keyGuessAddr(addr))
	}
	return keys
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
		return protocol.Case{}, protocol.FieldError("stars", "Choose 1 to 5 stars", "اختر من نجمة إلى خمس نجوم")
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
	args := []any{branchTag(branch), branch, number, isoTime(now), text, EventsKept}
	if _, err := s.run(ctx, scriptCitizenRate, []string{keyOffset(branch)}, args...); err != nil {
		return protocol.Case{}, fmt.Errorf("rate case %s: %w", number, err)
	}
	return s.Case(ctx, branch, number)
}
