-- ticket_checkin: the visitor of a remote ticket arrives and scans it at the
-- kiosk. The ticket joins the shared queue with the score it was given when
-- it was taken, so it keeps its place. Checking in twice is harmless: a
-- remote ticket already waiting gets the same answer again.
local tag        = ARGV[1]
local branch     = ARGV[2]
local id         = ARGV[3]
local today      = ARGV[4]   -- branch-local YYYY-MM-DD
local now        = ARGV[5]
local actor      = ARGV[6]
local max_events = ARGV[7]

local tkey = tag .. 't:' .. id
local t = hash_table(tkey)
if not t then fail('not_found', 'unknown_ticket') end
local was_remote = redis.call('SISMEMBER', tag .. 'day:' .. t.day .. ':remote:' .. (t.phone or ''), id) == 1
if not was_remote then fail('invalid_state', 'ticket_not_remote') end
if t.day ~= today then fail('invalid_state', 'ticket_expired') end
if t.state ~= 'remote' and t.state ~= 'waiting' then fail('invalid_state', 'ticket_not_remote') end

if t.state == 'remote' then
  redis.call('HSET', tkey, 'state', 'waiting')
  redis.call('ZADD', tag .. 'waiting', t.score, id)
  t.state = 'waiting'
  emit(tag_keys(tag), branch, {type = 'ticket.checked_in', at = now, actor = actor, ticket = ticket_view(t)}, max_events)
end

local ahead = redis.call('ZRANK', tag .. 'waiting', id)
local open_desks = 0
for _, desk in ipairs(redis.call('SMEMBERS', tag .. 'desks')) do
  ahead = ahead + redis.call('ZCARD', tag .. 'deskq:' .. desk)
  if redis.call('HGET', tag .. 'desk:' .. desk, 'state') == 'open' then open_desks = open_desks + 1 end
end
return cjson.encode({ticket = ticket_view(t), ahead = ahead, open_desks = open_desks})
