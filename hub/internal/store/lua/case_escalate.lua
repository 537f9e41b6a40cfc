-- case_escalate: a case a department holds has passed one of its targets
-- (first_response or resolution; the hub's escalator decides, in working
-- hours): record it once. Every hub replica sweeps the same cases, so this
-- run is the claim: the first records the escalation, with its internal
-- entry and event for the head's inbox; every later one finds it recorded
-- and changes nothing.
local k = named_keys{
  'offset',   -- KEYS[1] {b:<branch>}:offset
  'epoch',    -- KEYS[2] {b:<branch>}:epoch
  'events',   -- KEYS[3] {b:<branch>}:events
  'live',     -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',  -- KEYS[5] {b:<branch>}:waiting
  'desks',    -- KEYS[6] {b:<branch>}:desks
  'case',     -- KEYS[7] {b:<branch>}:c:<number>
  'timeline', -- KEYS[8] {b:<branch>}:c:<number>:tl
}
-- target is first_response or resolution; department the department the
-- escalator saw holding the case.
local a = named_args{'branch', 'number', 'target', 'department', 'now', 'max_events'}
local target, department, now = a.target, a.department, a.now

local c = hash_table(k.case)
if not c then return 0 end
if c.status == 'resolved' or c.status == 'closed' then return 0 end
-- Moved on meanwhile: the new department's clock is checked next sweep.
if (c.department or '') ~= department then return 0 end
if target == 'first_response' and (c.first_reply_at or '') ~= '' then return 0 end
local field = 'escalated_' .. target
if (c[field] or '') ~= '' then return 0 end

redis.call('HSET', k.case, field, now)
redis.call('RPUSH', k.timeline, cjson.encode({at = now, kind = 'escalated', actor = 'hub',
  text = target, status = c.status, public = false, department = department}))
emit(k, a.branch, {type = 'case.changed', at = now, actor = 'hub', case = {number = a.number,
  status = c.status, service = c.service, category = c.category, entry = 'escalated',
  department = department}}, a.max_events)
return 1
