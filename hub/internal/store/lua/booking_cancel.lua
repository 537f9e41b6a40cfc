-- booking_cancel: give a booking's place back. The place is free for the
-- next person at once; the case keeps the booking and its cancellation.
-- KEYS[1] the booking {b:X}:bk:<id>
local bkey = KEYS[1]
local tag        = ARGV[1]
local branch     = ARGV[2]
local label      = ARGV[3] -- the slot as people read it, for the timeline
local now        = ARGV[4]
local actor      = ARGV[5]
local max_events = ARGV[6]

local b = hash_table(bkey)
if not b then fail('not_found', 'unknown_booking') end
if b.state ~= 'booked' then fail('invalid_state', 'booking_not_active') end

redis.call('HSET', bkey, 'state', 'cancelled', 'updated_at', now)
redis.call('SREM', tag .. 'bk:slot:' .. b.service .. ':' .. b.start_ms, b.id)
redis.call('ZREM', tag .. 'bk:day:' .. b.day, b.id)
if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, b.id) end
local ckey = tag .. 'c:' .. b.case
redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'appointment_cancelled', actor = actor,
  status = redis.call('HGET', ckey, 'status'), public = true, text = label}))
redis.call('HSET', ckey, 'updated_at', now)

b.state = 'cancelled'
local view = booking_view(b)
emit(tag_keys(tag), branch, {type = 'booking.cancelled', at = now, actor = actor, booking = view}, max_events)
return cjson.encode(view)
