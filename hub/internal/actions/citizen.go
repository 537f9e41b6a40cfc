package actions

import (
	"context"

	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
)

// The citizen's operations on their case, for every channel: the tracking
// page and /report (channel "online"), WhatsApp and Open311. The transport
// has made sure the sender is the case's citizen (its access code, or the
// phone the case was reported from); these apply the rules and write.

// CitizenAct is the case a citizen operation is on, the channel it came
// through and the request id that makes a retry of it harmless (a form sent
// twice, a webhook delivered twice).
type CitizenAct struct {
	Branch, Case string
	Channel      string // online, whatsapp, open311
	RequestID    string
}

// citizenBy is the citizen acting on the case, for the store; what names
// the operation, which with the channel scopes the request id.
func (a *Actions) citizenBy(in CitizenAct, what string) store.By {
	return store.By{Actor: "citizen", Now: a.now(), Op: store.Op{Principal: what + ":" + in.Channel, RequestID: in.RequestID}}
}

// CitizenReply records the citizen's answer (a text, photos already kept in
// media, or both) on their open case; a case awaiting the citizen goes back
// to the municipality.
func (a *Actions) CitizenReply(ctx context.Context, in CitizenAct, text string, photos ...string) (protocol.Case, error) {
	return a.store.CitizenReply(ctx, in.Branch, in.Case, text, a.now(), photos...)
}

// CitizenReopen brings a finished case back at the citizen's request,
// within the branch's reopen window (the catalogue's reopen_days).
func (a *Actions) CitizenReopen(ctx context.Context, in CitizenAct, text string) (protocol.Case, error) {
	return a.store.CitizenReopen(ctx, in.Branch, in.Case, text, a.now(), a.cat.ReopenWindow(in.Branch))
}

// RateCase records the citizen's rating of their finished case.
func (a *Actions) RateCase(ctx context.Context, in CitizenAct, stars int, comment string) (protocol.Case, error) {
	return a.store.RateCase(ctx, in.Branch, in.Case, stars, comment, a.now())
}

// AttachReportPhotos adds the photos of a citizen's report (media keys,
// already kept) to the case it opened, without changing its status.
func (a *Actions) AttachReportPhotos(ctx context.Context, in CitizenAct, photos []string) (protocol.Case, error) {
	return a.store.AttachPhotos(ctx, in.Branch, in.Case, a.citizenBy(in, "report-photos"), photos)
}

// CitizenLocation sets where the problem of the citizen's case is, with
// the same check as a desk's change of location.
func (a *Actions) CitizenLocation(ctx context.Context, in CitizenAct, loc protocol.Location) (protocol.Case, error) {
	if err := checkLocation(&loc); err != nil {
		return protocol.Case{}, err
	}
	return a.store.UpdateCase(ctx, in.Branch, in.Case, a.citizenBy(in, "location"), protocol.UpdateCase{Location: &loc})
}
