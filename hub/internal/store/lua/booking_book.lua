-- booking_book: book a place in a slot, or move a booking to another slot
-- (change). Two people can never get the last place: the places are
-- counted and taken in this one script. A new booking opens a case, or
-- joins the case of the visitor a desk books a follow-up for, so it shows
-- on the case's timeline and on /track. Emits booking.booked or
-- booking.changed.
-- KEYS[1] the slot's bookings     {b:X}:bk:slot:<service>:<start_ms>
-- KEYS[2] the day's bookings      {b:X}:bk:day:<YYYY-MM-DD>
-- KEYS[3] the mobile's bookings   {b:X}:bk:phone:<phone>, or any key of the branch without a phone
local slot_key, day_key, phone_key = KEYS[1], KEYS[2], KEYS[3]
local tag        = ARGV[1]
local branch     = ARGV[2]
local service    = ARGV[3]
local category   = ARGV[4]
local start_ms   = tonumber(ARGV[5])
local end_ms     = tonumber(ARGV[6])
local slot       = ARGV[7]  -- RFC 3339
local label      = ARGV[8]  -- the slot as people read it, for the timeline
local places     = tonumber(ARGV[9])
local overlap    = tonumber(ARGV[10]) -- bookings that may overlap any slot, all services
local phone      = ARGV[11] -- E.164, or empty; a follow-up passes its case's
local per_phone  = tonumber(ARGV[12])
local change     = ARGV[13] -- the booking to move, or empty for a new one
local join       = ARGV[14] -- the case a follow-up joins, or empty
local notes      = ARGV[15]
local minutes    = ARGV[16]
local channel    = ARGV[17]
local lang       = ARGV[18]
local access     = ARGV[19] -- the new case's access code
local prefix     = ARGV[20]
local year       = ARGV[21]
local now        = ARGV[22]
local now_ms     = tonumber(ARGV[23])
local actor      = ARGV[24]
local idem_key   = ARGV[25]
local fingerprint = ARGV[26]
local idem_ms    = ARGV[27]
local max_events = ARGV[28]
local case_floor = tonumber(ARGV[29]) -- the hub's marks (prelude's history_lost)
local offset_floor = tonumber(ARGV[30])

local done = idem_check(idem_key, fingerprint)
if done then return done end

local old
if change ~= '' then
  old = hash_table(tag .. 'bk:' .. change)
  if not old or old.state ~= 'booked' then fail('invalid_state', 'booking_not_active') end
  phone = old.phone
end
local ckey
if join ~= '' then
  ckey = tag .. 'c:' .. join
  local c = hash_table(ckey)
  if not c then fail('not_found', 'unknown_case') end
  if c.status == 'closed' then fail('invalid_state', 'case_closed') end
  lang, access = c.lang or lang, c.access
end

-- The slot's places, this service.
local taken = 0
for _, id in ipairs(redis.call('SMEMBERS', slot_key)) do
  if id ~= change then taken = taken + 1 end
end
if taken >= places then fail('conflict', 'slot_full') end

-- The branch's share of its desks: bookings of any service overlapping
-- [start, end).
local overlapping = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', day_key, '-inf', '(' .. end_ms)) do
  if id ~= change and tonumber(redis.call('HGET', tag .. 'bk:' .. id, 'end_ms')) > start_ms then
    overlapping = overlapping + 1
  end
end
if overlapping >= overlap then fail('conflict', 'slot_full') end

-- The mobile's bookings still to come; past ones leave the set below.
local past = {}
if old == nil and phone ~= '' then
  local held = 0
  for _, id in ipairs(redis.call('SMEMBERS', phone_key)) do
    local b = hash_table(tag .. 'bk:' .. id)
    if b and b.state == 'booked' and tonumber(b.end_ms) > now_ms then
      held = held + 1
    else
      past[#past + 1] = id
    end
  end
  if held >= per_phone then fail('conflict', 'booking_limit') end
end

-- Every check passed: write.
for _, id in ipairs(past) do redis.call('SREM', phone_key, id) end
local id, bkey, kind
if old then
  id, kind = change, 'appointment_changed'
  bkey = tag .. 'bk:' .. id
  redis.call('SREM', tag .. 'bk:slot:' .. old.service .. ':' .. old.start_ms, id)
  redis.call('ZREM', tag .. 'bk:day:' .. old.day, id)
  ckey = tag .. 'c:' .. old.case
  access = redis.call('HGET', ckey, 'access')
else
  -- An id whose booking exists (a counter that went back in a failover)
  -- is skipped, never written over.
  repeat
    id = branch .. '-B' .. string.format('%06d', redis.call('INCR', tag .. 'bk:seq'))
    bkey = tag .. 'bk:' .. id
  until redis.call('EXISTS', bkey) == 0
  kind = 'appointment_booked'
  local number = join
  if number == '' then
    local ck = tag_keys(tag); ck.caseseq = tag .. 'caseseq:' .. year; ck.phone = tag .. 'phone:' .. phone
    number = open_case(ck, {prefix = prefix, year = year, branch = branch, service = service,
      category = category, ticket = '', channel = channel, phone = phone, lang = lang, access = access,
      now = now, now_ms = now_ms, description = '', location = '',
      floor = case_floor, offset_floor = offset_floor}, actor, '')
    ckey = tag .. 'c:' .. number
  end
  redis.call('HSET', bkey, 'id', id, 'branch', branch, 'state', 'booked', 'case', number,
    'phone', phone, 'lang', lang, 'created_at', now)
  if phone ~= '' then redis.call('SADD', phone_key, id) end
end
redis.call('HSET', bkey, 'service', service, 'slot', slot, 'start_ms', start_ms, 'end_ms', end_ms,
  'minutes', minutes, 'day', string.match(day_key, 'bk:day:(.*)$'), 'notes', notes, 'updated_at', now)
redis.call('SADD', slot_key, id)
redis.call('ZADD', day_key, start_ms, id)
redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = kind, actor = actor,
  status = redis.call('HGET', ckey, 'status'), public = true, text = label}))
redis.call('HSET', ckey, 'updated_at', now)

local view = booking_view(hash_table(bkey))
emit(tag_keys(tag), branch, {type = old and 'booking.changed' or 'booking.booked', at = now, actor = actor, booking = view}, max_events)
return idem_save(idem_key, fingerprint, cjson.encode({booking = view, access_code = access}), idem_ms)
