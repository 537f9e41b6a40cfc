-- ticket_issue: a visitor takes a ticket, which opens a case. A remote
-- ticket (taken online) gets its number and score now but stays out of the
-- queue, in state "remote", until the visitor checks in at the kiosk
-- (ticket_checkin.lua); a mobile number holds at most remote_limit active
-- remote tickets a day.
local k = named_keys{
  'offset',       -- KEYS[1] {b:<branch>}:offset
  'epoch',        -- KEYS[2] {b:<branch>}:epoch
  'events',       -- KEYS[3] {b:<branch>}:events
  'live',         -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',      -- KEYS[5] {b:<branch>}:waiting
  'desks',        -- KEYS[6] {b:<branch>}:desks
  'idem',         -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'ticket',       -- KEYS[8] {b:<branch>}:t:<id>
  'seq',          -- KEYS[9] {b:<branch>}:day:<day>:seq
  'tickets',      -- KEYS[10] {b:<branch>}:day:<day>:tickets
  'remote',       -- KEYS[11] {b:<branch>}:day:<day>:remote:<phone>
  'turn_near',    -- KEYS[12] {b:<branch>}:day:<day>:turn_near:remote
  'caseseq',      -- KEYS[13] {b:<branch>}:caseseq:<year>
  'cases',        -- KEYS[14] {b:<branch>}:cases
  'cases_open',   -- KEYS[15] {b:<branch>}:cases:open
  'cases_closed', -- KEYS[16] {b:<branch>}:cases:closed
  'phone',        -- KEYS[17] {b:<branch>}:phone:<phone>
}
-- day is the branch-local YYYY-MM-DD; score the arrival ms less the lane's
-- credit; case_prefix e.g. "QTF-2026-"; id is chosen by the hub (a ticket's
-- key never depends on its number); the floors are the hub's marks
-- (prelude's history_lost).
local a = named_args{'branch', 'day', 'letter', 'service', 'lane', 'score', 'now_ms', 'now',
  'case_prefix', 'category', 'phone', 'lang', 'access', 'channel', 'actor', 'fingerprint', 'idem_ms',
  'max_events', 'remote', 'remote_limit', 'id', 'ticket_floor', 'case_floor', 'offset_floor'}
local tag = branch_tag(k.ticket)

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

-- A number's remote tickets of the day, by id; those still remote or
-- waiting count against the limit.
if a.remote then
  if a.phone == '' then fail('bad_request', 'remote_phone_required') end
  local active = 0
  for _, other in ipairs(redis.call('SMEMBERS', k.remote)) do
    local st = redis.call('HGET', tag .. 't:' .. other, 'state') -- undeclared: the ids are read from the remote set
    if st == 'remote' or st == 'waiting' then active = active + 1 end
  end
  if active >= a.remote_limit then fail('rate_limited', 'remote_limit') end
end

if redis.call('EXISTS', k.ticket) == 1 then fail('conflict', 'ticket_id_taken') end

check_history(k, a.offset_floor)
local seq = next_number(k, k.seq, a.letter, a.ticket_floor, a.offset_floor)
local number = string.format('%s-%03d', a.letter, seq)
local case_no = open_case(k, {prefix = a.case_prefix, branch = a.branch,
  service = a.service, category = a.category, ticket = a.id, channel = a.channel, phone = a.phone,
  lang = a.lang, access = a.access, now = a.now, now_ms = a.now_ms, description = '', location = '',
  floor = a.case_floor, offset_floor = a.offset_floor}, a.actor, number)

redis.call('HSET', k.ticket, 'id', a.id, 'number', number, 'branch', a.branch, 'service', a.service,
  'lane', a.lane, 'state', a.remote and 'remote' or 'waiting', 'case', case_no, 'day', a.day,
  'issued_at', a.now, 'score', a.score, 'phone', a.phone)
redis.call('ZADD', k.tickets, a.now_ms, a.id)
if a.remote then
  redis.call('SADD', k.remote, a.id)
  redis.call('PEXPIRE', k.remote, 2 * 86400000)
  -- for the "turn near" message (turn_near.lua)
  redis.call('ZADD', k.turn_near, a.score, a.id)
  redis.call('PEXPIRE', k.turn_near, 2 * 86400000)
else
  redis.call('ZADD', k.waiting, a.score, a.id)
end

-- People ahead (for a remote ticket, those waiting with a score up to its
-- own: the place it will take at check-in), and the open desks that will
-- serve them (for the estimate).
local ahead
if a.remote then
  ahead = redis.call('ZCOUNT', k.waiting, '-inf', a.score)
else
  ahead = redis.call('ZRANK', k.waiting, a.id)
end
local open_desks
ahead, open_desks = desks_ahead(k, ahead)

local ticket = ticket_view(hash_table(k.ticket))
emit(k, a.branch, {type = 'ticket.issued', at = a.now, actor = a.actor, ticket = ticket}, a.max_events)
local reply = cjson.encode({ticket = ticket, case = case_no, access_code = a.access, ahead = ahead,
  open_desks = open_desks})
return idem_save(k.idem, a.fingerprint, reply, a.idem_ms)
