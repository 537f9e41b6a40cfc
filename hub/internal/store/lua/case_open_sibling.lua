-- case_open_sibling: a further case for the visitor a desk is serving: the
-- same visit (ticket) and visitor, another matter, with its own number and
-- access code (docs/office.md, "Several matters in one visit").
local k = named_keys{
  'offset',       -- KEYS[1] {b:<branch>}:offset
  'epoch',        -- KEYS[2] {b:<branch>}:epoch
  'events',       -- KEYS[3] {b:<branch>}:events
  'live',         -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',      -- KEYS[5] {b:<branch>}:waiting
  'desks',        -- KEYS[6] {b:<branch>}:desks
  'idem',         -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'ticket',       -- KEYS[8] {b:<branch>}:t:<ticket id>
  'visit',        -- KEYS[9] {b:<branch>}:visit:<ticket id> (list, opening order, the ticket's own case first)
  'caseseq',      -- KEYS[10] {b:<branch>}:caseseq:<year>
  'cases',        -- KEYS[11] {b:<branch>}:cases
  'cases_open',   -- KEYS[12] {b:<branch>}:cases:open
  'cases_closed', -- KEYS[13] {b:<branch>}:cases:closed
  'phone',        -- KEYS[14] {b:<branch>}:phone:<phone>, the visit's first case's mobile as the hub read it
}
-- phone and lang are the visit's first case's, read by the hub just before
-- the script runs (the phone names a declared key).
local a = named_args{'branch', 'prefix', 'service', 'category', 'description', 'access', 'phone', 'lang',
  'now', 'now_ms', 'actor', 'fingerprint', 'idem_ms', 'max_events', 'case_floor', 'offset_floor'}
local tag = branch_tag(k.ticket)

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

local t = hash_table(k.ticket)
if not t then fail('not_found', 'unknown_ticket') end
-- Only the officer serving the visitor (or holding them parked) opens a
-- case in their name.
if t.state ~= 'serving' and t.state ~= 'parked' then fail('invalid_state', 'ticket_not_serving') end
local desk = hash_table(tag .. 'desk:' .. (t.desk or '')) -- undeclared: the desk is read from the ticket
if not desk or desk.officer ~= a.actor then fail('forbidden', 'ticket_not_at_desk') end
local first = hash_table(tag .. 'c:' .. t.case) -- undeclared: the case is read from the ticket
if not first then fail('not_found', 'unknown_case') end

check_history(k, a.offset_floor)
local number = open_case(k, {prefix = a.prefix, branch = a.branch,
  service = a.service, category = a.category, ticket = t.id, channel = 'walk_in',
  phone = a.phone, lang = a.lang, access = a.access, now = a.now, now_ms = a.now_ms,
  description = a.description, location = '', details = '', floor = a.case_floor,
  offset_floor = a.offset_floor}, a.actor, t.number)
if redis.call('LLEN', k.visit) == 0 then redis.call('RPUSH', k.visit, t.case) end
redis.call('RPUSH', k.visit, number)

emit(k, a.branch, {type = 'case.changed', at = a.now, actor = a.actor, case = {number = number,
  status = 'received', service = a.service, category = a.category, entry = 'opened'}}, a.max_events)
return idem_save(k.idem, a.fingerprint, cjson.encode({case = number, access_code = a.access}), a.idem_ms)
