-- ticket_issue: a visitor takes a ticket, which opens a case.
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

local done = idem_check(idem_key, fingerprint)
if done then return done end

local seq = redis.call('HINCRBY', tag .. 'day:' .. day .. ':seq', letter, 1)
local number = string.format('%s-%03d', letter, seq)
local id = branch .. '-' .. string.gsub(day, '-', '') .. '-' .. string.format('%s%03d', letter, seq)
local case_no = open_case(tag, {prefix = case_no_prefix, year = year, branch = branch,
  service = service, category = category, ticket = id, channel = channel, phone = phone,
  lang = lang, access = access, now = now, now_ms = now_ms, description = '', location = ''},
  actor, number)

local tkey = tag .. 't:' .. id
redis.call('HSET', tkey, 'id', id, 'number', number, 'branch', branch, 'service', service,
  'lane', lane, 'state', 'waiting', 'case', case_no, 'day', day, 'issued_at', now,
  'score', score, 'phone', phone)
redis.call('ZADD', tag .. 'waiting', score, id)
redis.call('ZADD', tag .. 'day:' .. day .. ':tickets', now_ms, id)

-- People ahead, and the open desks that will serve them (for the estimate).
local ahead = redis.call('ZRANK', tag .. 'waiting', id)
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
