-- queue_snapshot: the whole live state of a branch and the stream position
-- it corresponds to, read atomically. Reads only.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'waiting', -- KEYS[3] {b:<branch>}:waiting
  'desks',   -- KEYS[4] {b:<branch>}:desks
  'recent',  -- KEYS[5] {b:<branch>}:recent
}
local a = named_args{'recent_max', 'waiting_max'}
local tag = branch_tag(k.desks)

local function tickets(ids)
  local parts = {}
  for _, id in ipairs(ids) do
    local t = hash_table(tag .. 't:' .. id) -- undeclared: the ids are read from the queues and lists
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
for _, id in ipairs(redis.call('SORT', k.desks, 'ALPHA')) do
  for _, t in ipairs(redis.call('ZRANGE', tag .. 'deskq:' .. id, 0, -1)) do table.insert(waiting, t) end -- undeclared: the desks are read from the desks set
  local d = hash_table(tag .. 'desk:' .. id) -- undeclared: as above
  if d then table.insert(desks, cjson.encode(desk_view(d))) end
  for _, t in ipairs(redis.call('ZRANGE', tag .. 'parked:' .. id, 0, -1)) do table.insert(parked, t) end -- undeclared: as above
end
local room = a.waiting_max - #waiting
if room > 0 then
  for _, t in ipairs(redis.call('ZRANGE', k.waiting, 0, room - 1)) do table.insert(waiting, t) end
end

return cjson.encode({
  epoch = redis.call('GET', k.epoch) or '',
  offset = tonumber(redis.call('GET', k.offset) or '0'),
}) .. '\n' .. waiting_count(k) .. '\n' .. tickets(waiting) .. '\n[' .. table.concat(desks, ',') .. ']\n' ..
  tickets(redis.call('LRANGE', k.recent, 0, a.recent_max - 1)) .. '\n' .. tickets(parked)
