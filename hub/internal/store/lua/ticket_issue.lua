-- ticket_issue: a visitor takes a ticket, which opens a case. A remote
-- ticket (taken online) gets its number and score now but stays out of the
-- queue, in state "remote", until the visitor checks in at the kiosk
-- (ticket_checkin.lua); a mobile number holds at most remote_limit active
-- remote tickets a day.
-- KEYS[1] any key of the branch (routes the script; all keys share its tag)
local tag        = ARGV[1]
local branch     = ARGV[2]
local day        = ARGV[3]   -- branch-local YYYY-MM-DD
local letter     = ARGV[4]   -- the lane's letter
local service    = ARGV[5]
local lane       = ARGV[6]
local score      = ARGV[7]   -- arrival ms less the lane's credit
local now_ms     = ARGV[8]
local now        = ARGV[9]
local case_no_prefix = ARGV[10] -- e.g. QTF-2026-
local year       = ARGV[11]
local category   = ARGV[12]
local phone      = ARGV[13]
local lang       = ARGV[14]
local access     = ARGV[15]
local channel    = ARGV[16]
local actor      = ARGV[17]
local idem_key   = ARGV[18]
local fingerprint = ARGV[19]
local idem_ms    = ARGV[20]
local max_events = ARGV[21]
local remote     = ARGV[22] == '1'
local remote_limit = tonumber(ARGV[23])

local done = idem_check(idem_key, fingerprint)
if done then return done end

-- A number's remote tickets of the day, by id; those still remote or
-- waiting count against the limit.
local remote_key = tag .. 'day:' .. day .. ':remote:' .. phone
if remote then
  if phone == '' then fail('bad_request', 'remote_phone_required') end
  local active = 0
  for _, other in ipairs(redis.call('SMEMBERS', remote_key)) do
    local st = redis.call('HGET', tag .. 't:' .. other, 'state')
    if st == 'remote' or st == 'waiting' then active = active + 1 end
  end
  if active >= remote_limit then fail('rate_limited', 'remote_limit') end
end

local number, id = number_ticket(tag, branch, day, letter)
local case_no = open_case(tag, {prefix = case_no_prefix, year = year, branch = branch,
  service = service, category = category, ticket = id, channel = channel, phone = phone,
  lang = lang, access = access, now = now, now_ms = now_ms, description = '', location = ''},
  actor, number)

local tkey = tag .. 't:' .. id
redis.call('HSET', tkey, 'id', id, 'number', number, 'branch', branch, 'service', service,
  'lane', lane, 'state', remote and 'remote' or 'waiting', 'case', case_no, 'day', day,
  'issued_at', now, 'score', score, 'phone', phone)
redis.call('ZADD', tag .. 'day:' .. day .. ':tickets', now_ms, id)
if remote then
  redis.call('SADD', remote_key, id)
  redis.call('PEXPIRE', remote_key, 2 * 86400000)
  -- for the "turn near" message (turn_near.lua)
  local near_key = tag .. 'day:' .. day .. ':turn_near:remote'
  redis.call('ZADD', near_key, score, id)
  redis.call('PEXPIRE', near_key, 2 * 86400000)
else
  redis.call('ZADD', tag .. 'waiting', score, id)
end

-- People ahead (for a remote ticket, those waiting with a score up to its
-- own: the place it will take at check-in), and the open desks that will
-- serve them (for the estimate).
local ahead
if remote then
  ahead = redis.call('ZCOUNT', tag .. 'waiting', '-inf', score)
else
  ahead = redis.call('ZRANK', tag .. 'waiting', id)
end
local open_desks = 0
for _, desk in ipairs(redis.call('SMEMBERS', tag .. 'desks')) do
  ahead = ahead + redis.call('ZCARD', tag .. 'deskq:' .. desk)
  if redis.call('HGET', tag .. 'desk:' .. desk, 'state') == 'open' then open_desks = open_desks + 1 end
end

local ticket = ticket_view(hash_table(tkey))
emit(tag, branch, {type = 'ticket.issued', at = now, actor = actor, ticket = ticket}, max_events)
local reply = cjson.encode({ticket = ticket, case = case_no, access_code = access, ahead = ahead,
  open_desks = open_desks})
return idem_save(idem_key, fingerprint, reply, idem_ms)
