package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/shamil-municipal/shamil/hub/internal/actions"
	"github.com/shamil-municipal/shamil/hub/internal/media"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// photo handles an image, the first that fits: its caption starts a report
// → the report's first photo; a report is being put together → one of its
// photos; this conversation reported a case → a photo on it; the sender has
// a case awaiting their information → their reply, with the caption as
// text. Up to media.MaxPhotos per report. The image is fetched only when it
// has somewhere to go, and kept only once media.Prepare accepts it.
func (w *Webhook) photo(ctx context.Context, m Inbound, phone, text, lang string, c chat) string {
	if w.Media == nil || w.Token == "" {
		return words.NoWhatsAppPhotos.In(lang)
	}
	startsReport := isReport(text)
	if !startsReport && c.Draft == nil && c.Reported == nil {
		if _, _, ok := w.awaitingCase(ctx, phone); !ok {
			return words.WhatsAppHelp.In(lang)
		}
	}
	key, err := w.keepPhoto(ctx, m.Image.ID)
	if err != nil {
		var pe *protocol.Error
		if errors.As(err, &pe) {
			return words.Text{Ar: pe.MessageAr, En: pe.Message}.In(lang)
		}
		w.Log.Warn("whatsapp: photo", "error", err)
		return words.PhotoNotReceived.In(lang)
	}
	if startsReport {
		return w.startReport(ctx, m, phone, text, lang, key)
	}

	var (
		full bool
		d    *draft
		rep  *reported
	)
	err = w.updateChat(ctx, phone, func(c *chat) error {
		full, d, rep = false, nil, nil
		var photos *[]string
		switch {
		case c.Draft != nil:
			photos = &c.Draft.Photos
		case c.Reported != nil:
			photos = &c.Reported.Photos
		default:
			return nil
		}
		if !slices.Contains(*photos, key) { // the same photo again: Meta delivering twice
			if full = len(*photos) >= media.MaxPhotos; !full {
				*photos = append(*photos, key)
			}
		}
		if c.Draft != nil {
			copied := *c.Draft
			d = &copied
		} else {
			copied := *c.Reported
			rep = &copied
		}
		return nil
	})
	switch {
	case err != nil:
		w.Log.Warn("whatsapp: conversation", "error", err)
		return words.PhotoNotReceived.In(lang)
	case full:
		return words.Text{Ar: media.ErrTooMany.MessageAr, En: media.ErrTooMany.Message}.In(lang)
	case d != nil:
		received := words.PhotoReceived.Fill(len(d.Photos), media.MaxPhotos).In(lang)
		if complete(*d) { // being filed right now: the filing takes it along
			return received
		}
		return received + "\n" + w.question(*d, lang)
	case rep != nil:
		to := actions.CitizenAct{Branch: rep.Branch, Case: rep.Case, Channel: "whatsapp", RequestID: m.ID}
		if _, err := w.Acts.AttachReportPhotos(ctx, to, []string{key}); err != nil {
			w.Log.Warn("whatsapp: attach photo", "case", rep.Case, "error", err)
			return words.PhotoAttachFailed.In(lang)
		}
		return words.PhotoAttached.Fill(rep.Case).In(lang)
	}
	if reply, ok := w.answer(ctx, phone, text, lang, key); ok {
		return reply
	}
	return words.WhatsAppHelp.In(lang)
}

// keepPhoto fetches an image, checks and re-encodes it (media.Prepare) and
// stores it; it returns the media key. A file that is not a JPEG or PNG,
// whatever its claimed type, is refused before anything is stored.
func (w *Webhook) keepPhoto(ctx context.Context, id string) (string, error) {
	raw, err := w.download(ctx, id)
	if err != nil {
		return "", err
	}
	p, err := media.Prepare(raw)
	if err != nil {
		return "", err
	}
	if err := w.Media.Put(ctx, p.Key, p.Data); err != nil {
		return "", fmt.Errorf("keep photo: %w", err)
	}
	return p.Key, nil
}
