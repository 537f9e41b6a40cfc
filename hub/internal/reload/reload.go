// Package reload changes the catalogue of a running hub (SIGHUP, or the
// button in /admin; docs/catalogue.md#reload): the new file is checked in
// full, refused if it would orphan live data, swapped in on every hub
// replica, and announced to every branch's screens.
package reload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/shamil-municipal/shamil/hub/internal/catalogue"
	"github.com/shamil-municipal/shamil/hub/internal/store"
	"github.com/shamil-municipal/shamil/hub/protocol"
	"github.com/shamil-municipal/shamil/hub/words"
)

// replicasWait is how long a reload waits for the other replicas to run
// the new catalogue before it tells the screens, which then ask for it.
const replicasWait = 5 * time.Second

// Reloader reloads the catalogue file at Path into Cat, the catalogue the
// whole hub holds.
type Reloader struct {
	Path  string
	Cat   *catalogue.Catalogue
	Store *store.Store
	Log   *slog.Logger

	mu sync.Mutex // one reload at a time: a SIGHUP and the button together
}

// Reload rereads the file and, if it changed, makes it the catalogue of
// every replica. It returns the new version, or an error saying why nothing
// changed: a *protocol.Error for a bad file or a change that would orphan
// live data.
func (r *Reloader) Reload(ctx context.Context) (version string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	file, err := os.ReadFile(r.Path)
	if err != nil {
		return "", fmt.Errorf("reload the catalogue: %w", err)
	}
	next, err := catalogue.Parse(file, r.Path)
	var bad *catalogue.Error
	if errors.As(err, &bad) {
		return "", words.CatalogueProblems.Fill(bad.Error()).FieldError("catalogue")
	}
	if err != nil {
		return "", fmt.Errorf("reload the catalogue: %w", err)
	}
	if next.Version() == r.Cat.Version() {
		return next.Version(), nil
	}
	if err := r.orphans(ctx, r.Cat.RemovedBy(next)); err != nil {
		return "", err
	}
	branches := r.Cat.Wire().Branches
	r.Cat.Replace(next)
	r.Log.Info("catalogue reloaded", "file", r.Path, "version", next.Version())
	receivers, err := r.Store.PublishCatalogue(ctx, file)
	if err != nil {
		return "", err
	}
	r.awaitReplicas(ctx, next.Version(), receivers)
	// The screens of the branches removed and kept, and of those added.
	branches = append(branches, next.Wire().Branches...)
	told := map[string]bool{}
	for _, b := range branches {
		if told[b.ID] {
			continue
		}
		told[b.ID] = true
		if err := r.Store.CatalogueChanged(ctx, b.ID, next.Version(), time.Now()); err != nil {
			return "", err
		}
	}
	return next.Version(), nil
}

// awaitReplicas waits, up to replicasWait, until the replicas that
// received the file (this one among them) run it, so that a screen told of
// the change gets the new catalogue from whichever replica it asks.
func (r *Reloader) awaitReplicas(ctx context.Context, version string, replicas int64) {
	deadline := time.Now().Add(replicasWait)
	for {
		n, err := r.Store.CatalogueAppliedBy(ctx, version)
		if err == nil && n >= replicas {
			return
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			r.Log.Warn("catalogue reload: not every replica confirmed it", "version", version, "confirmed", n, "replicas", replicas, "error", err)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Apply is how a replica takes a catalogue file another replica reloaded
// (store.WatchCatalogue): that replica checked it in full, so it is only
// parsed, swapped in and confirmed.
func (r *Reloader) Apply(ctx context.Context, file []byte) {
	next, err := catalogue.Parse(file, r.Path)
	if err != nil {
		r.Log.Error("catalogue from another replica refused", "error", err)
		return
	}
	if next.Version() != r.Cat.Version() {
		r.Cat.Replace(next)
		r.Log.Info("catalogue reloaded by another replica", "version", next.Version())
	}
	if _, err := r.Store.CatalogueApplied(ctx, next.Version()); err != nil {
		r.Log.Warn("catalogue reload not confirmed", "error", err)
	}
}

// orphans refuses a change that would leave live data without its
// catalogue entry: a branch with people waiting, a desk someone holds, a
// service people wait for, a department holding open cases.
func (r *Reloader) orphans(ctx context.Context, gone catalogue.Removed) error {
	var refused []words.Text
	goneBranch := map[string]bool{}
	for _, b := range gone.Branches {
		goneBranch[b] = true
	}
	for _, b := range r.Cat.Wire().Branches {
		waiting, err := r.Store.WaitingServices(ctx, b.ID)
		if err != nil {
			return err
		}
		total := 0
		for _, n := range waiting {
			total += n
		}
		if goneBranch[b.ID] && total > 0 {
			refused = append(refused, words.RemovedBranchWaits.Fill(b.ID, total))
		}
		for _, s := range gone.Services {
			if waiting[s] > 0 {
				refused = append(refused, words.RemovedServiceWaits.Fill(s, waiting[s], b.ID))
			}
		}
		for _, d := range gone.Desks[b.ID] {
			officer, err := r.Store.DeskHeld(ctx, b.ID, d)
			if err != nil {
				return err
			}
			if officer != "" {
				refused = append(refused, words.RemovedDeskHeld.Fill(d, b.ID, officer))
			}
		}
		for _, d := range gone.Departments {
			n, err := r.Store.DepartmentOpenCases(ctx, b.ID, d)
			if err != nil {
				return err
			}
			if n > 0 {
				refused = append(refused, words.RemovedDepartmentOpen.Fill(d, n, b.ID))
			}
		}
	}
	if len(refused) == 0 {
		return nil
	}
	return words.OrphanedLiveData.FillText(words.Join(words.ListSeparator, refused...)).ErrorOn(protocol.CodeInvalidState, "catalogue")
}
