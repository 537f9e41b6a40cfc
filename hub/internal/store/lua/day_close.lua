-- day_close: a branch's day is over. Tickets of an earlier day still in a
-- queue (the shared one, a desk's or an officer's), and remote tickets of
-- the day before never checked in, become "expired": their visitors have
-- gone home, and the next morning's first call must not be last night's
-- number. Their cases stay open: the complaint is not dropped with the
-- ticket. Running it again finds nothing more to do.
-- KEYS[1] {b:B}:offset (routes the script)
local tag        = ARGV[1]
local branch     = ARGV[2]
local today      = ARGV[3]   -- branch-local YYYY-MM-DD
local yesterday  = ARGV[4]
local now        = ARGV[5]
local max_events = ARGV[6]

local function expire(tkey)
  redis.call('HSET', tkey, 'state', 'expired', 'ended_at', now)
  emit(tag_keys(tag), branch, {type = 'ticket.expired', at = now, ticket = ticket_view(hash_table(tkey))}, max_events)
end

local expired = 0
local queues = {tag .. 'waiting'}
for _, d in ipairs(redis.call('SMEMBERS', tag .. 'desks')) do
  queues[#queues + 1] = tag .. 'deskq:' .. d
end
for _, q in ipairs(queues) do
  for _, id in ipairs(redis.call('ZRANGE', q, 0, -1)) do
    local tkey = tag .. 't:' .. id
    local day = redis.call('HGET', tkey, 'day')
    if day and day < today then -- YYYY-MM-DD sorts as it reads
      redis.call('ZREM', q, id)
      expire(tkey)
      expired = expired + 1
    end
  end
end
for _, id in ipairs(redis.call('ZRANGE', tag .. 'day:' .. yesterday .. ':tickets', 0, -1)) do
  local tkey = tag .. 't:' .. id
  if redis.call('HGET', tkey, 'state') == 'remote' then
    expire(tkey)
    expired = expired + 1
  end
end
return expired
