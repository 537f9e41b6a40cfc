// Package ratelimit bounds what one sender may do in a window: the reports
// a client address or a mobile number may open, the photos an address may
// upload, the requests an Open311 key may post. The counters are in Redis,
// so every hub replica shares them; each request is counted against all its
// limits at once, or refused without counting anything.
//
// Wrong access codes are not counted here: package guess locks them.
package ratelimit

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// Rule is a limit: at most Limit in each Window, per subject. Says is what
// was refused; the wait is added to it.
type Rule struct {
	Name   string
	Limit  int
	Window time.Duration
	Says   words.Text
}

// The hub's limits. A window starts at its first count (a fixed window).
var (
	ReportsPerAddress = Rule{Name: "reports:addr", Limit: 5, Window: time.Hour,
		Says: words.ReportsFromAddress}
	ReportsPerPhone = Rule{Name: "reports:phone", Limit: 3, Window: 24 * time.Hour,
		Says: words.ReportsWithMobile}
	// Bookings (/book) have the same limits as reports, counted apart.
	BookingsPerAddress = Rule{Name: "bookings:addr", Limit: 5, Window: time.Hour,
		Says: words.AppointmentsFromAddress}
	BookingsPerPhone = Rule{Name: "bookings:phone", Limit: 3, Window: 24 * time.Hour,
		Says: words.AppointmentsWithMobile}
	PhotosPerAddress = Rule{Name: "photos:addr", Limit: 30, Window: time.Hour,
		Says: words.PhotosFromAddress}
	// An Open311 integration relays many citizens from one address, so its
	// key is limited rather than its address.
	RequestsPerAPIKey = Rule{Name: "open311:key", Limit: 200, Window: time.Hour,
		Says: words.RequestsWithAPIKey}
)

// Count is n of a rule for one subject: a client address, a mobile number,
// an api key. A count with no subject or n of 0 is not counted.
type Count struct {
	Rule    Rule
	Subject string
	N       int
}

// Phone is the subject of a mobile number given in any usual form: the
// number as the hub keeps it, or none for one the report will refuse.
func Phone(s string) string {
	e164, _ := protocol.NormalizePhone(s)
	return e164
}

var (
	//go:embed lua/take.lua
	takeLua    string
	scriptTake = redis.NewScript(takeLua)
	//go:embed lua/give_back.lua
	giveBackLua    string
	scriptGiveBack = redis.NewScript(giveBackLua)
)

// maxSubject bounds a subject in a key, as guess bounds an address.
const maxSubject = 64

// Limiter counts against the rules in Redis.
type Limiter struct {
	rdb redis.Scripter
}

func New(rdb redis.Scripter) *Limiter { return &Limiter{rdb: rdb} }

// Take counts every count, or, when one would go over its limit, none and
// returns a *Refused.
func (l *Limiter) Take(ctx context.Context, counts ...Count) error {
	keys, counted := keysOf(counts)
	if len(keys) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(counted))
	for _, c := range counted {
		args = append(args, c.Rule.Limit, c.Rule.Window.Milliseconds(), c.N)
	}
	v, err := scriptTake.Run(ctx, l.rdb, keys, args...).Int64Slice()
	if err != nil {
		return fmt.Errorf("count against the rate limits: %w", err)
	}
	if len(v) != 2 || v[0] < 0 || v[0] > int64(len(counted)) {
		return fmt.Errorf("count against the rate limits: unexpected reply %v", v)
	}
	if v[0] == 0 {
		return nil
	}
	return refused(counted[v[0]-1].Rule, time.Duration(v[1])*time.Millisecond)
}

// GiveBack uncounts what Take counted, for a request that then failed and
// left nothing behind.
func (l *Limiter) GiveBack(ctx context.Context, counts ...Count) error {
	keys, counted := keysOf(counts)
	if len(keys) == 0 {
		return nil
	}
	args := make([]any, 0, len(counted))
	for _, c := range counted {
		args = append(args, c.N)
	}
	if err := scriptGiveBack.Run(ctx, l.rdb, keys, args...).Err(); err != nil {
		return fmt.Errorf("give back rate limit counts: %w", err)
	}
	return nil
}

// keysOf returns the counters of the counts that are counted. They share
// one hash tag, so one script can touch them all in a Cluster.
func keysOf(counts []Count) ([]string, []Count) {
	var keys []string
	var counted []Count
	for _, c := range counts {
		if c.Subject == "" || len(c.Subject) > maxSubject || c.N <= 0 {
			continue
		}
		keys = append(keys, "{limit}"+c.Rule.Name+":"+c.Subject)
		counted = append(counted, c)
	}
	return keys, counted
}

// Refused is a request over a limit: a rate_limited error, and how long
// until the limit allows it.
type Refused struct {
	RetryAfter time.Duration
	err        *protocol.Error
}

func (r *Refused) Error() string { return r.err.Error() }
func (r *Refused) Unwrap() error { return r.err }

func refused(r Rule, after time.Duration) *Refused {
	en, ar := waitText(after)
	says := words.Join(words.Text{}, r.Says, words.TryAgainIn.FillText(words.Text{Ar: ar, En: en}))
	return &Refused{RetryAfter: after, err: says.Error(protocol.CodeRateLimited)}
}

// SetRetryAfter adds the Retry-After header (whole seconds) to the answer
// to a refused request; other errors leave w as it is.
func SetRetryAfter(w http.ResponseWriter, err error) {
	var r *Refused
	if errors.As(err, &r) {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(r.RetryAfter.Seconds()))))
	}
}
