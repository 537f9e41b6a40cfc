-- case_open: a case reported without a visit (online, WhatsApp, Open311).
-- It starts "received", like a walk-in's, and desks see it in the open cases.
local k = named_keys{
  'offset',       -- KEYS[1] {b:<branch>}:offset
  'epoch',        -- KEYS[2] {b:<branch>}:epoch
  'events',       -- KEYS[3] {b:<branch>}:events
  'live',         -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',      -- KEYS[5] {b:<branch>}:waiting
  'desks',        -- KEYS[6] {b:<branch>}:desks
  'idem',         -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'caseseq',      -- KEYS[8] {b:<branch>}:caseseq:<year>
  'cases',        -- KEYS[9] {b:<branch>}:cases
  'cases_open',   -- KEYS[10] {b:<branch>}:cases:open
  'cases_closed', -- KEYS[11] {b:<branch>}:cases:closed
  'phone',        -- KEYS[12] {b:<branch>}:phone:<phone>
  'department',   -- KEYS[13] {b:<branch>}:dept:<department>
  'unassigned',   -- KEYS[14] {b:<branch>}:dept:<department>:unassigned
}
-- prefix e.g. "QTF-2026-"; location and details JSON or empty; submitted
-- what an Open311 requester sent (JSON) or empty; department the service's,
-- or empty: the desks; the floors are the hub's marks (prelude's
-- history_lost).
local a = named_args{'branch', 'prefix', 'service', 'category', 'channel', 'phone', 'lang', 'access',
  'description', 'location', 'details', 'now', 'now_ms', 'actor', 'fingerprint', 'idem_ms', 'max_events',
  'submitted', 'department', 'case_floor', 'offset_floor'}

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

check_history(k, a.offset_floor)
local number = open_case(k, {prefix = a.prefix, branch = a.branch, service = a.service,
  category = a.category, ticket = '', channel = a.channel, phone = a.phone, lang = a.lang, access = a.access,
  now = a.now, now_ms = a.now_ms, description = a.description, location = a.location,
  details = a.details, floor = a.case_floor, offset_floor = a.offset_floor}, a.actor, '')
local ckey = branch_tag(k.cases) .. 'c:' .. number
-- Kept apart from the description staff may edit: Open311 publishes only this.
if a.submitted ~= '' then redis.call('HSET', ckey, 'submitted', a.submitted) end -- undeclared: named after the number open_case assigns

-- A report made without a visit goes straight to its department's inbox
-- (unassigned: inbox_keys).
if a.department ~= '' then
  redis.call('HSET', ckey, 'department', a.department) -- undeclared: as above
  redis.call('ZADD', k.department, a.now_ms, number)
  redis.call('ZADD', k.unassigned, a.now_ms, number)
end

emit(k, a.branch, {type = 'case.changed', at = a.now, actor = a.actor, case = {number = number,
  status = 'received', service = a.service, category = a.category, entry = 'opened',
  department = a.department ~= '' and a.department or nil}}, a.max_events)
return idem_save(k.idem, a.fingerprint, cjson.encode({case = number, access_code = a.access}), a.idem_ms)
