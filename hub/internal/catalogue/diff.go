package catalogue

// Removed is what a new version of the catalogue no longer has that the
// current one has: what a reload must not orphan.
type Removed struct {
	Branches    []string
	Desks       map[string][]string // branch kept: its desks removed
	Services    []string
	Departments []string
}

// RemovedBy lists what next drops of c.
func (c *Catalogue) RemovedBy(next *Catalogue) Removed {
	now, then := c.get(), next.get()
	r := Removed{Desks: map[string][]string{}}
	for _, b := range now.wire.Branches {
		nb, ok := then.branches[b.ID]
		if !ok {
			r.Branches = append(r.Branches, b.ID)
			continue
		}
		for _, d := range b.Desks {
			if _, ok := nb.desks[d.ID]; !ok {
				r.Desks[b.ID] = append(r.Desks[b.ID], d.ID)
			}
		}
	}
	for _, s := range now.wire.Services {
		if _, ok := then.services[s.Code]; !ok {
			r.Services = append(r.Services, s.Code)
		}
	}
	for _, d := range now.wire.Departments {
		if _, ok := then.depts[d.Code]; !ok {
			r.Departments = append(r.Departments, d.Code)
		}
	}
	return r
}
