-- queue_snapshot: the whole live state of a branch and the stream position
-- it corresponds to, read atomically. Reads only.
local tag        = ARGV[1]
local recent_max = tonumber(ARGV[2])
local waiting_max = tonumber(ARGV[3])

local function tickets(ids)
  local parts = {}
  for _, id in ipairs(ids) do
    local t = hash_table(tag .. 't:' .. id)
    if t then table.insert(parts, cjson.encode(ticket_view(t))) end
  end
  return '[' .. table.concat(parts, ',') .. ']'
end

-- Waiting, in the order they would be called: each desk's transfers, then
-- the shared queue; at most waiting_max of them (the count is separate).
-- The "desks" set also names officers' queues ("@sara"), which have no desk.
local waiting = {}
local desks = {}
local parked = {}
for _, id in ipairs(redis.call('SORT', tag .. 'desks', 'ALPHA')) do
  for _, t in ipairs(redis.call('ZRANGE', tag .. 'deskq:' .. id, 0, -1)) do table.insert(waiting, t) end
  local d = hash_table(tag .. 'desk:' .. id)
  if d then table.insert(desks, cjson.encode(desk_view(d))) end
  for _, t in ipairs(redis.call('ZRANGE', tag .. 'parked:' .. id, 0, -1)) do table.insert(parked, t) end
end
local room = waiting_max - #waiting
if room > 0 then
  for _, t in ipairs(redis.call('ZRANGE', tag .. 'waiting', 0, room - 1)) do table.insert(waiting, t) end
end

return cjson.encode({
  epoch = redis.call('GET', tag .. 'epoch') or '',
  offset = tonumber(redis.call('GET', tag .. 'offset') or '0'),
}) .. '\n' .. waiting_count(tag_keys(tag)) .. '\n' .. tickets(waiting) .. '\n[' .. table.concat(desks, ',') .. ']\n' ..
  tickets(redis.call('LRANGE', tag .. 'recent', 0, recent_max - 1)) .. '\n' .. tickets(parked)
