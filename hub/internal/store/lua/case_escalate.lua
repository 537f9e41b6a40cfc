-- case_escalate: a case a department holds has passed one of its targets
-- (first_response or resolution; the hub's escalator decides, in working
-- hours): record it once. Every hub replica sweeps the same cases, so this
-- run is the claim: the first records the escalation, with its internal
-- entry and event for the head's inbox; every later one finds it recorded
-- and changes nothing.
-- KEYS[1] the case hash
local tag        = ARGV[1]
local branch     = ARGV[2]
local number     = ARGV[3]
local target     = ARGV[4] -- first_response or resolution
local department = ARGV[5] -- the department the escalator saw holding it
local now        = ARGV[6]
local max_events = ARGV[7]

local c = hash_table(KEYS[1])
if not c then return 0 end
if c.status == 'resolved' or c.status == 'closed' then return 0 end
-- Moved on meanwhile: the new department's clock is checked next sweep.
if (c.department or '') ~= department then return 0 end
if target == 'first_response' and (c.first_reply_at or '') ~= '' then return 0 end
local field = 'escalated_' .. target
if (c[field] or '') ~= '' then return 0 end

redis.call('HSET', KEYS[1], field, now)
redis.call('RPUSH', KEYS[1] .. ':tl', cjson.encode({at = now, kind = 'escalated', actor = 'hub',
  text = target, status = c.status, public = false, department = department}))
emit(tag_keys(tag), branch, {type = 'case.changed', at = now, actor = 'hub', case = {number = number,
  status = c.status, service = c.service, category = c.category, entry = 'escalated',
  department = department}}, max_events)
return 1
