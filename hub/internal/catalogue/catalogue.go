// Package catalogue loads and checks the file that describes a municipality
// (its branches, case categories and services; docs/catalogue.md) and answers
// the questions the hub asks of it: does this service exist, which branch owns
// this case prefix, what day is it at this branch, is the branch open.
package catalogue

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	// The hub must find its branches' time zones on any machine, including
	// ones without a zoneinfo database, so the database is built in here,
	// where the zones are loaded.
	_ "time/tzdata"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// What a branch's settings mean when left out: priority_credit_minutes,
// turn_near_ahead and reopen_days.
const (
	defaultPriorityCredit = 15 * time.Minute
	defaultTurnNear       = 3
	defaultReopenDays     = 30
)

// Catalogue is a checked catalogue with its lookups built, safe for
// concurrent use. It is the handle every part of the hub holds: a reload
// (Replace) swaps its contents at once, so each lookup sees the old
// catalogue or the new one, never half of each.
type Catalogue struct {
	now atomic.Pointer[contents]
}

// contents is one version of the catalogue.
type contents struct {
	version    string // the file's SHA-256, hex
	wire       protocol.Catalogue
	branches   map[string]*branch
	byPrefix   map[string]*branch
	services   map[string]protocol.Service
	categories map[string]protocol.Category
	depts      map[string]protocol.Department
}

// branch is a branch definition with what the hub derives from it.
type branch struct {
	def      protocol.Branch
	location *time.Location
	desks    map[string]protocol.DeskDef
	periods  []period
	calendar []specialDays
}

// Load reads and checks the catalogue file at path. Problems are reported as
// an *Error naming the file and the line of each problem.
func Load(path string) (*Catalogue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load catalogue: %w", err)
	}
	return Parse(data, path)
}

// Parse checks a catalogue held in memory; name is the file name used in
// error messages.
func Parse(data []byte, name string) (*Catalogue, error) {
	wire, err := decode(data, name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	c := &Catalogue{}
	c.now.Store(build(wire, hex.EncodeToString(sum[:])))
	return c, nil
}

// Replace makes c answer as next does from now on.
func (c *Catalogue) Replace(next *Catalogue) { c.now.Store(next.get()) }

// Version is the SHA-256 (hex) of the file the catalogue was read from:
// replicas that hold the same version hold the same catalogue.
func (c *Catalogue) Version() string { return c.get().version }

// get is the version in use; a zero Catalogue is an empty one.
func (c *Catalogue) get() *contents {
	if k := c.now.Load(); k != nil {
		return k
	}
	return &contents{}
}

// build indexes a catalogue that decode has already checked.
func build(wire protocol.Catalogue, version string) *contents {
	c := &contents{
		version:    version,
		wire:       wire,
		branches:   make(map[string]*branch, len(wire.Branches)),
		byPrefix:   make(map[string]*branch, len(wire.Branches)),
		services:   make(map[string]protocol.Service, len(wire.Services)),
		categories: make(map[string]protocol.Category, len(wire.Categories)),
		depts:      make(map[string]protocol.Department, len(wire.Departments)),
	}
	for _, def := range wire.Branches {
		// Validation loaded this zone already, so it cannot fail here.
		location, _ := time.LoadLocation(def.TimeZone)
		b := &branch{def: def, location: location, desks: make(map[string]protocol.DeskDef, len(def.Desks))}
		for _, d := range def.Desks {
			b.desks[d.ID] = d
		}
		for _, h := range def.Hours {
			b.periods = append(b.periods, newPeriod(h))
		}
		b.calendar = newCalendar(def.Calendar)
		c.branches[def.ID] = b
		c.byPrefix[def.CasePrefix] = b
	}
	for _, s := range wire.Services {
		c.services[s.Code] = s
	}
	for _, cat := range wire.Categories {
		c.categories[cat.Code] = cat
	}
	for _, d := range wire.Departments {
		c.depts[d.Code] = d
	}
	return c
}

// Wire returns the catalogue as it is sent to kiosks and desks. Callers must
// not modify it.
func (c *Catalogue) Wire() *protocol.Catalogue { return &c.get().wire }

// Branch returns the branch with the given id.
func (c *Catalogue) Branch(id string) (protocol.Branch, bool) {
	b, ok := c.get().branches[id]
	if !ok {
		return protocol.Branch{}, false
	}
	return b.def, true
}

// BranchByCasePrefix returns the branch whose case numbers start with prefix
// (e.g. "QTF" for QTF-2026-000123).
func (c *Catalogue) BranchByCasePrefix(prefix string) (protocol.Branch, bool) {
	b, ok := c.get().byPrefix[prefix]
	if !ok {
		return protocol.Branch{}, false
	}
	return b.def, true
}

// Desk returns the desk with the given id at a branch.
func (c *Catalogue) Desk(branchID, id string) (protocol.DeskDef, bool) {
	b, ok := c.get().branches[branchID]
	if !ok {
		return protocol.DeskDef{}, false
	}
	d, ok := b.desks[id]
	return d, ok
}

// Service returns the service with the given code.
func (c *Catalogue) Service(code string) (protocol.Service, bool) {
	s, ok := c.get().services[code]
	return s, ok
}

// Category returns the case category with the given code.
func (c *Catalogue) Category(code string) (protocol.Category, bool) {
	cat, ok := c.get().categories[code]
	return cat, ok
}

// Location returns the branch's time zone, or UTC for a branch the catalogue
// does not have (callers check the branch first).
func (c *Catalogue) Location(branchID string) *time.Location {
	b, ok := c.get().branches[branchID]
	if !ok {
		return time.UTC
	}
	return b.location
}

// QueueRules are a branch's rules for calling visitors again.
type QueueRules struct {
	RecallDelay      time.Duration // wait after a call before a recall
	NoShowAfterCalls int           // calls before a no-show may be marked
}

// Rules returns the branch's queue rules, with the defaults for zeros.
func (c *Catalogue) Rules(branchID string) QueueRules {
	b, ok := c.get().branches[branchID]
	if !ok {
		return QueueRules{NoShowAfterCalls: 1}
	}
	return QueueRules{
		RecallDelay:      time.Duration(b.def.RecallDelaySeconds) * time.Second,
		NoShowAfterCalls: max(1, b.def.NoShowAfterCalls),
	}
}

// RemoteTicketsPerPhone is how many active remote tickets one mobile
// number may hold at the branch a day: the catalogue's
// remote_tickets_per_phone, 1 when unset, 0 (remote tickets off) for an
// unknown branch.
func (c *Catalogue) RemoteTicketsPerPhone(branchID string) int {
	b, ok := c.get().branches[branchID]
	if !ok {
		return 0
	}
	if b.def.RemoteTicketsPerPhone == nil {
		return 1
	}
	return *b.def.RemoteTicketsPerPhone
}

// TurnNearAhead is how many people ahead or fewer tell a visitor their
// turn is near at the branch: the catalogue's turn_near_ahead, 3 when
// unset or for an unknown branch.
func (c *Catalogue) TurnNearAhead(branchID string) int {
	b, ok := c.get().branches[branchID]
	if !ok || b.def.TurnNearAhead == nil {
		return defaultTurnNear
	}
	return *b.def.TurnNearAhead
}

// ReopenWindow is how long after a case is resolved or closed the citizen
// may reopen it online: the catalogue's reopen_days, 30 days when zero or
// for an unknown branch.
func (c *Catalogue) ReopenWindow(branchID string) time.Duration {
	days := defaultReopenDays
	if b, ok := c.get().branches[branchID]; ok && b.def.ReopenDays > 0 {
		days = b.def.ReopenDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// PriorityCredit returns how much earlier than its arrival a priority-lane
// ticket counts at the branch (docs/queue.md): the catalogue's
// priority_credit_minutes, or 15 minutes when that is zero or the branch is
// unknown.
func (c *Catalogue) PriorityCredit(branchID string) time.Duration {
	b, ok := c.get().branches[branchID]
	if !ok || b.def.PriorityCreditMinutes == 0 {
		return defaultPriorityCredit
	}
	return time.Duration(b.def.PriorityCreditMinutes) * time.Minute
}
