-- catalogue_changed: tells every subscriber of a branch that the hub now
-- runs another version of the catalogue (a reload, docs/catalogue.md), as
-- one event in the branch's stream. Nothing else changes.
-- KEYS[1] offset   {b:<branch>}offset
-- KEYS[2] epoch    {b:<branch>}epoch
-- KEYS[3] events   {b:<branch>}events
-- KEYS[4] waiting  {b:<branch>}waiting
-- KEYS[5] desks    {b:<branch>}desks
-- emit() also counts the tickets transferred to each desk
-- ({b:<branch>}deskq:<desk>): the desks are named by KEYS[5]'s members,
-- unknown before the script runs.
-- ARGV[1] JSON {"tag","branch","version","at","max_events"}
local a = cjson.decode(ARGV[1])
return emit(a.tag, a.branch, {type = 'catalogue.changed', at = a.at, catalogue = a.version}, a.max_events)
