-- booking_book: book a place in a slot, or move a booking to another slot
-- (change). Two people can never get the last place: the places are
-- counted and taken in this one script. A new booking opens a case, or
-- joins the case of the visitor a desk books a follow-up for, so it shows
-- on the case's timeline and on /track. Emits booking.booked or
-- booking.changed.
local k = named_keys{
  'offset',         -- KEYS[1] {b:<branch>}:offset
  'epoch',          -- KEYS[2] {b:<branch>}:epoch
  'events',         -- KEYS[3] {b:<branch>}:events
  'live',           -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',        -- KEYS[5] {b:<branch>}:waiting
  'desks',          -- KEYS[6] {b:<branch>}:desks
  'idem',           -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'slot',           -- KEYS[8] {b:<branch>}:bk:slot:<service>:<start_ms>, the slot's bookings
  'day',            -- KEYS[9] {b:<branch>}:bk:day:<YYYY-MM-DD>, the day's bookings
  'phone_bookings', -- KEYS[10] {b:<branch>}:bk:phone:<phone>, the mobile's bookings
  'change',         -- KEYS[11] {b:<branch>}:bk:<change>, the booking to move (unused for a new one)
  'join',           -- KEYS[12] {b:<branch>}:c:<join>, the case a follow-up joins (unused without one)
  'seq',            -- KEYS[13] {b:<branch>}:bk:seq
  'caseseq',        -- KEYS[14] {b:<branch>}:caseseq:<year>
  'cases',          -- KEYS[15] {b:<branch>}:cases
  'cases_open',     -- KEYS[16] {b:<branch>}:cases:open
  'cases_closed',   -- KEYS[17] {b:<branch>}:cases:closed
  'phone',          -- KEYS[18] {b:<branch>}:phone:<phone>, the mobile's cases
}
-- slot is RFC 3339, label the slot as people read it (for the timeline);
-- overlap is how many bookings of all services may overlap any slot; phone
-- is E.164 or empty (a follow-up passes its case's); change is the booking
-- to move, or empty for a new one; join the case a follow-up joins, or
-- empty; access the new case's access code; the floors are the hub's marks
-- (prelude's history_lost).
local a = named_args{'branch', 'service', 'category', 'start_ms', 'end_ms', 'slot', 'label', 'places',
  'overlap', 'phone', 'per_phone', 'change', 'join', 'notes', 'minutes', 'channel', 'lang', 'access',
  'prefix', 'day', 'now', 'now_ms', 'actor', 'fingerprint', 'idem_ms', 'max_events', 'case_floor',
  'offset_floor'}
local tag = branch_tag(k.slot)
local change, join, start_ms, end_ms, now, now_ms = a.change, a.join, a.start_ms, a.end_ms, a.now, a.now_ms
local phone, lang, access = a.phone, a.lang, a.access

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

local old
if change ~= '' then
  old = hash_table(k.change)
  if not old or old.state ~= 'booked' then fail('invalid_state', 'booking_not_active') end
  phone = old.phone
end
if join ~= '' then
  local c = hash_table(k.join)
  if not c then fail('not_found', 'unknown_case') end
  if c.status == 'closed' then fail('invalid_state', 'case_closed') end
  lang, access = c.lang or lang, c.access
end

-- The slot's places, this service.
local taken = 0
for _, id in ipairs(redis.call('SMEMBERS', k.slot)) do
  if id ~= change then taken = taken + 1 end
end
if taken >= a.places then fail('conflict', 'slot_full') end

-- The branch's share of its desks: bookings of any service overlapping
-- [start, end).
local overlapping = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', k.day, '-inf', '(' .. end_ms)) do
  if id ~= change and tonumber(redis.call('HGET', tag .. 'bk:' .. id, 'end_ms')) > start_ms then -- undeclared: the ids are read from the day's bookings
    overlapping = overlapping + 1
  end
end
if overlapping >= a.overlap then fail('conflict', 'slot_full') end

-- The mobile's bookings still to come; past ones leave the set below.
local past = {}
if old == nil and phone ~= '' then
  local held = 0
  for _, id in ipairs(redis.call('SMEMBERS', k.phone_bookings)) do
    local b = hash_table(tag .. 'bk:' .. id) -- undeclared: the ids are read from the mobile's bookings
    if b and b.state == 'booked' and tonumber(b.end_ms) > now_ms then
      held = held + 1
    else
      past[#past + 1] = id
    end
  end
  if held >= a.per_phone then fail('conflict', 'booking_limit') end
end

-- Every check passed: write.
for _, id in ipairs(past) do redis.call('SREM', k.phone_bookings, id) end
-- The booking's case is the moved booking's, the one joined or a new one:
-- named after a number read or assigned here.
local id, bkey, kind, ckey
if old then
  id, kind = change, 'appointment_changed'
  bkey = k.change
  redis.call('SREM', tag .. 'bk:slot:' .. old.service .. ':' .. old.start_ms, id) -- undeclared: the slot is read from the booking
  redis.call('ZREM', tag .. 'bk:day:' .. old.day, id) -- undeclared: as above
  ckey = tag .. 'c:' .. old.case
  access = redis.call('HGET', ckey, 'access') -- undeclared: the case is read from the booking
else
  -- An id whose booking exists (a counter that went back in a failover)
  -- is skipped, never written over.
  repeat
    id = a.branch .. '-B' .. string.format('%06d', redis.call('INCR', k.seq))
    bkey = tag .. 'bk:' .. id
  until redis.call('EXISTS', bkey) == 0 -- undeclared: named after the number assigned here
  kind = 'appointment_booked'
  local number = join
  if number == '' then
    number = open_case(k, {prefix = a.prefix, branch = a.branch, service = a.service,
      category = a.category, ticket = '', channel = a.channel, phone = phone, lang = lang, access = access,
      now = now, now_ms = now_ms, description = '', location = '',
      floor = a.case_floor, offset_floor = a.offset_floor}, a.actor, '')
  end
  ckey = tag .. 'c:' .. number
  redis.call('HSET', bkey, 'id', id, 'branch', a.branch, 'state', 'booked', 'case', number, -- undeclared: as above
    'phone', phone, 'lang', lang, 'created_at', now)
  if phone ~= '' then redis.call('SADD', k.phone_bookings, id) end
end
redis.call('HSET', bkey, 'service', a.service, 'slot', a.slot, 'start_ms', start_ms, 'end_ms', end_ms, -- undeclared: the moved booking (declared) or the new one
  'minutes', a.minutes, 'day', a.day, 'notes', a.notes, 'updated_at', now)
redis.call('SADD', k.slot, id)
redis.call('ZADD', k.day, start_ms, id)
redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = kind, actor = a.actor, -- undeclared: the booking's case, see above
  status = redis.call('HGET', ckey, 'status'), public = true, text = a.label})) -- undeclared: as above
redis.call('HSET', ckey, 'updated_at', now) -- undeclared: as above

local view = booking_view(hash_table(bkey)) -- undeclared: as above
emit(k, a.branch, {type = old and 'booking.changed' or 'booking.booked', at = now, actor = a.actor, booking = view}, a.max_events)
return idem_save(k.idem, a.fingerprint, cjson.encode({booking = view, access_code = access}), a.idem_ms)
