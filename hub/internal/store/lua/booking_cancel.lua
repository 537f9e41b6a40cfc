-- booking_cancel: give a booking's place back. The place is free for the
-- next person at once; the case keeps the booking and its cancellation.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
  'booking', -- KEYS[7] {b:<branch>}:bk:<id>
}
-- label is the slot as people read it, for the timeline.
local a = named_args{'branch', 'label', 'now', 'actor', 'max_events'}
local tag, now, actor = branch_tag(k.booking), a.now, a.actor

local b = hash_table(k.booking)
if not b then fail('not_found', 'unknown_booking') end
if b.state ~= 'booked' then fail('invalid_state', 'booking_not_active') end

redis.call('HSET', k.booking, 'state', 'cancelled', 'updated_at', now)
redis.call('SREM', tag .. 'bk:slot:' .. b.service .. ':' .. b.start_ms, b.id) -- undeclared: the slot is read from the booking
redis.call('ZREM', tag .. 'bk:day:' .. b.day, b.id) -- undeclared: as above
if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, b.id) end -- undeclared: as above
local ckey = tag .. 'c:' .. b.case
redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'appointment_cancelled', actor = actor, -- undeclared: the case is read from the booking
  status = redis.call('HGET', ckey, 'status'), public = true, text = a.label})) -- undeclared: as above
redis.call('HSET', ckey, 'updated_at', now) -- undeclared: as above

b.state = 'cancelled'
local view = booking_view(b)
emit(k, a.branch, {type = 'booking.cancelled', at = now, actor = actor, booking = view}, a.max_events)
return cjson.encode(view)
