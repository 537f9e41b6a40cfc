package ws

import (
	"math"
	"time"

	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// A connection may send requestBurst requests at once, then requestRate a
// second (a token bucket). A kiosk or desk in use sends a few a second; the
// load generator's kiosks, as fast as they can, about 125 each; a client
// flooding one connection sent over 4,000 a second. A request over the
// budget is answered rate_limited, with retry_after, and not carried out;
// the connection stays open.
const (
	requestRate  = 300
	requestBurst = 600
)

// budget is a connection's token bucket. Only its reader uses it.
type budget struct {
	tokens float64
	last   time.Time
}

func newBudget(now time.Time) *budget { return &budget{tokens: requestBurst, last: now} }

// take spends one request, or tells how long until one may be sent.
func (b *budget) take(now time.Time) (ok bool, wait time.Duration) {
	b.tokens = math.Min(requestBurst, b.tokens+now.Sub(b.last).Seconds()*requestRate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / requestRate * float64(time.Second))
}

// rateLimited is the answer to a request over the budget.
func rateLimited(wait time.Duration) *protocol.Error {
	return &protocol.Error{Code: protocol.CodeRateLimited,
		Message:    words.TooManyRequests.En,
		MessageAr:  words.TooManyRequests.Ar,
		RetryAfter: math.Ceil(wait.Seconds()*1000) / 1000}
}
