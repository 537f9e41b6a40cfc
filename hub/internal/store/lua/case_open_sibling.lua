-- case_open_sibling: a further case for the visitor a desk is serving: the
-- same visit (ticket) and visitor, another matter, with its own number and
-- access code (docs/office.md, "Several matters in one visit").
-- KEYS[1] ticket hash      {b:<branch>}:t:<ticket id>
-- KEYS[2] the visit's cases {b:<branch>}:visit:<ticket id> (list, opening order, the ticket's own case first)
-- KEYS[3] branch offset    {b:<branch>}:offset
-- KEYS[4] idempotency key  {b:<branch>}:idem:<principal>:<request id> (absent when the request is not remembered)
-- Undeclared: the desk hash (its id is read from the ticket), the first
-- case's hash (its number is read from the ticket) and the new case's keys
-- with the indexes open_case writes (its number is drawn here).
local a = cjson.decode(ARGV[1])
local tkey, visit_key = KEYS[1], KEYS[2]
local idem_key = KEYS[4] or ''
local tag = a.tag

local done = idem_check(idem_key, a.fingerprint)
if done then return done end

local t = hash_table(tkey)
if not t then fail('not_found', 'unknown_ticket') end
-- Only the officer serving the visitor (or holding them parked) opens a
-- case in their name.
if t.state ~= 'serving' and t.state ~= 'parked' then fail('invalid_state', 'ticket_not_serving') end
local desk = hash_table(tag .. 'desk:' .. (t.desk or ''))
if not desk or desk.officer ~= a.actor then fail('forbidden', 'ticket_not_at_desk') end
local first = hash_table(tag .. 'c:' .. t.case)
if not first then fail('not_found', 'unknown_case') end

check_history(tag, a.offset_floor)
local number = open_case(tag, {prefix = a.prefix, year = a.year, branch = a.branch,
  service = a.service, category = a.category, ticket = t.id, channel = 'walk_in',
  phone = first.phone, lang = first.lang, access = a.access, now = a.now, now_ms = a.now_ms,
  description = a.description, location = '', floor = a.case_floor,
  offset_floor = a.offset_floor}, a.actor, t.number)
if redis.call('LLEN', visit_key) == 0 then redis.call('RPUSH', visit_key, t.case) end
redis.call('RPUSH', visit_key, number)

emit(tag, a.branch, {type = 'case.changed', at = a.now, actor = a.actor, case = {number = number,
  status = 'received', service = a.service, category = a.category, entry = 'opened'}}, a.max_events)
return idem_save(idem_key, a.fingerprint, cjson.encode({case = number, access_code = a.access}), a.idem_ms)
