-- booking_noshow: at a branch's day end, yesterday's appointments never
-- checked in (nor cancelled) become no-shows, each with a public entry on
-- its case and a booking.missed event. A second run finds none.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
  'day',     -- KEYS[7] {b:<branch>}:bk:day:<yesterday>, the day's appointments
}
local a = named_args{'branch', 'now', 'max_events'}
local tag, now = branch_tag(k.day), a.now

-- Each booking and its case are named after ids read from the day's
-- appointments.
local n = 0
for _, id in ipairs(redis.call('ZRANGE', k.day, 0, -1)) do
  local bkey = tag .. 'bk:' .. id
  local b = hash_table(bkey) -- undeclared: see above
  if b and b.state == 'booked' then
    redis.call('HSET', bkey, 'state', 'no_show', 'updated_at', now) -- undeclared: see above
    if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, id) end -- undeclared: read from the booking
    local ckey = tag .. 'c:' .. b.case
    redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'appointment_missed', actor = 'hub', -- undeclared: see above
      status = redis.call('HGET', ckey, 'status'), public = true, text = b.slot})) -- undeclared: see above
    redis.call('HSET', ckey, 'updated_at', now) -- undeclared: see above
    b.state = 'no_show'
    emit(k, a.branch, {type = 'booking.missed', at = now, actor = 'hub', booking = booking_view(b)}, a.max_events)
    n = n + 1
  end
end
return n
