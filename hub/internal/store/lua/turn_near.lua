-- turn_near: after a call, finds the visitors to tell "your turn is near":
-- tickets with a phone, never called yet, with at most `within` people ahead,
-- counted as store.Ahead (waiting) and store.RemoteAhead (remote, not yet
-- checked in) count them. Each ticket is returned once: the mark is set here,
-- atomically, so two hub replicas never both tell the same visitor.
-- Cost: at most within+1 tickets of the shared queue, plus the remote tickets
-- in range, which leave the day's remote index once looked at.
local k = named_keys{
  'waiting',   -- KEYS[1] {b:<branch>}:waiting
  'desks',     -- KEYS[2] {b:<branch>}:desks
  'turn_near', -- KEYS[3] {b:<branch>}:day:<day>:turn_near:remote, the day's remote tickets
}
local a = named_args{'within'}
local tag = branch_tag(k.desks)
local within = a.within

local kept_ms = 2 * 86400000 -- the marks outlive the day

-- Tickets transferred to desks are ahead of everybody in the shared queue.
local transferred = 0
for _, desk in ipairs(redis.call('SMEMBERS', k.desks)) do
  transferred = transferred + redis.call('ZCARD', tag .. 'deskq:' .. desk) -- undeclared: the desks are read from the desks set
end
local room = within - transferred -- the last shared-queue rank still "near"
if room < 0 then return '[]' end

local out = {}

-- tell marks the ticket told (once per ticket) and adds it to out when it
-- has a phone.
local function tell(id, ahead, remote)
  local t = redis.call('HMGET', tag .. 't:' .. id, 'number', 'case', 'day', 'calls') -- undeclared: the ids are read from the queues
  if not t[2] then return end
  if (tonumber(t[4]) or 0) > 0 then return end -- called before: a transferred visitor is in the building
  local c = redis.call('HMGET', tag .. 'c:' .. t[2], 'phone', 'lang') -- undeclared: the case is read from the ticket
  if not c[1] or c[1] == '' then return end
  local told = tag .. 'day:' .. t[3] .. ':turn_near:told'
  if redis.call('SADD', told, id) == 0 then return end -- undeclared: named after the ticket's day, read from it
  redis.call('PEXPIRE', told, kept_ms) -- undeclared: as above
  out[#out + 1] = {ticket = id, number = t[1], case = t[2], phone = c[1], lang = c[2],
    ahead = ahead, remote = remote}
end

local head = redis.call('ZRANGE', k.waiting, 0, room, 'WITHSCORES')
for i = 1, #head, 2 do
  tell(head[i], (i - 1) / 2 + transferred, false)
end

-- A remote ticket is near when at most `room` waiting tickets have a score up
-- to its own: its score is below that of the waiting ticket at rank `room`.
local below = '+inf'
if #head / 2 > room then below = '(' .. head[#head] end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', k.turn_near, '-inf', below)) do
  local t = redis.call('HMGET', tag .. 't:' .. id, 'state', 'score') -- undeclared: the ids are read from the remote index
  if t[1] == 'remote' then
    tell(id, redis.call('ZCOUNT', k.waiting, '-inf', t[2]) + transferred, true)
  end
  redis.call('ZREM', k.turn_near, id) -- told, checked in or cancelled: done with
end

if #out == 0 then return '[]' end
return cjson.encode(out)
