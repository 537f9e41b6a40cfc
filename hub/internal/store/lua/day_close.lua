-- day_close: a branch's day is over. Tickets of an earlier day still in a
-- queue (the shared one, a desk's or an officer's), and remote tickets of
-- the day before never checked in, become "expired": their visitors have
-- gone home, and the next morning's first call must not be last night's
-- number. Their cases stay open: the complaint is not dropped with the
-- ticket. Running it again finds nothing more to do.
local k = named_keys{
  'offset',   -- KEYS[1] {b:<branch>}:offset
  'epoch',    -- KEYS[2] {b:<branch>}:epoch
  'events',   -- KEYS[3] {b:<branch>}:events
  'live',     -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',  -- KEYS[5] {b:<branch>}:waiting
  'desks',    -- KEYS[6] {b:<branch>}:desks
  'yesterday', -- KEYS[7] {b:<branch>}:day:<yesterday>:tickets
}
-- today is the branch-local YYYY-MM-DD.
local a = named_args{'branch', 'today', 'now', 'max_events'}
local tag, now = branch_tag(k.desks), a.now

-- The tickets are named after ids read from the queues and the day's list.
local function expire(tkey)
  redis.call('HSET', tkey, 'state', 'expired', 'ended_at', now) -- undeclared: see above
  emit(k, a.branch, {type = 'ticket.expired', at = now, ticket = ticket_view(hash_table(tkey))}, a.max_events) -- undeclared: see above
end

local expired = 0
local queues = {k.waiting}
for _, d in ipairs(redis.call('SMEMBERS', k.desks)) do
  queues[#queues + 1] = tag .. 'deskq:' .. d
end
for _, q in ipairs(queues) do
  for _, id in ipairs(redis.call('ZRANGE', q, 0, -1)) do -- undeclared: the shared queue, or a desk's read from the desks set
    local tkey = tag .. 't:' .. id
    local day = redis.call('HGET', tkey, 'day') -- undeclared: see above
    if day and day < a.today then -- YYYY-MM-DD sorts as it reads
      redis.call('ZREM', q, id) -- undeclared: as above
      expire(tkey)
      expired = expired + 1
    end
  end
end
for _, id in ipairs(redis.call('ZRANGE', k.yesterday, 0, -1)) do
  local tkey = tag .. 't:' .. id
  if redis.call('HGET', tkey, 'state') == 'remote' then -- undeclared: see above
    expire(tkey)
    expired = expired + 1
  end
end
return expired
