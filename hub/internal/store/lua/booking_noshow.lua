-- booking_noshow: at a branch's day end, yesterday's appointments never
-- checked in (nor cancelled) become no-shows, each with a public entry on
-- its case and a booking.missed event. A second run finds none.
-- KEYS[1] the day's appointments {b:X}:bk:day:<yesterday>
local day_key = KEYS[1]
local tag        = ARGV[1]
local branch     = ARGV[2]
local now        = ARGV[3]
local max_events = ARGV[4]

local n = 0
for _, id in ipairs(redis.call('ZRANGE', day_key, 0, -1)) do
  local bkey = tag .. 'bk:' .. id
  local b = hash_table(bkey)
  if b and b.state == 'booked' then
    redis.call('HSET', bkey, 'state', 'no_show', 'updated_at', now)
    if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, id) end
    local ckey = tag .. 'c:' .. b.case
    redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'appointment_missed', actor = 'hub',
      status = redis.call('HGET', ckey, 'status'), public = true, text = b.slot}))
    redis.call('HSET', ckey, 'updated_at', now)
    b.state = 'no_show'
    emit(tag_keys(tag), branch, {type = 'booking.missed', at = now, actor = 'hub', booking = booking_view(b)}, max_events)
    n = n + 1
  end
end
return n
