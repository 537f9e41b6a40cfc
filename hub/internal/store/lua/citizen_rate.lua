-- citizen_rate: the citizen rates the service on a resolved or closed case,
-- once since the case was last reopened. The rating is a public timeline
-- entry; the case's status does not change.
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
-- text is "<stars>/5" and the comment, if any.
local a = named_args{'branch', 'number', 'now', 'text', 'max_events'}
local now = a.now

local c = hash_table(k.case)
if not c then fail('not_found', 'unknown_case') end
if c.status ~= 'resolved' and c.status ~= 'closed' then fail('invalid_state', 'case_not_finished') end
local tl = redis.call('LRANGE', k.timeline, 0, -1)
for i = #tl, 1, -1 do
  local kind = cjson.decode(tl[i]).kind
  if kind == 'rated' then fail('conflict', 'already_rated') end
  if kind == 'reopened' then break end
end

redis.call('HSET', k.case, 'updated_at', now)
redis.call('RPUSH', k.timeline, cjson.encode({at = now, kind = 'rated', actor = 'citizen',
  text = a.text, status = c.status, public = true}))
emit(k, a.branch, {type = 'case.changed', at = now, actor = 'citizen', case = {number = a.number,
  status = c.status, service = c.service, category = c.category, entry = 'rated'}}, a.max_events)
return a.number
