-- catalogue_changed: tells every subscriber of a branch that the hub now
-- runs another version of the catalogue (a reload, docs/catalogue.md), as
-- one event in the branch's stream. Nothing else changes.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
}
local a = named_args{'branch', 'version', 'at', 'max_events'}
return emit(k, a.branch, {type = 'catalogue.changed', at = a.at, catalogue = a.version}, a.max_events)
