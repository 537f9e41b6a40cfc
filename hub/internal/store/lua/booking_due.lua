-- booking_due: what the appointments' clock calls for at one moment, done
-- once whichever hub replica looks first: the reminder a day before a slot
-- and the one an hour before (booking.reminder events, which the notifier
-- turns into messages), and the no-show of a booking not checked in once
-- the grace after its slot has passed (booking.missed, and a public
-- appointment_missed entry on its case).
-- Each of the three keeps, in the marks hash, the slot start up to which it
-- has looked; a run looks only at the slots between that mark and now's
-- bound and moves the mark. So a booking is looked at once per slot, and
-- one made or moved into a range already looked at (less than a day ahead,
-- for the day-before reminder) is not reminded. A slot cannot be booked in
-- the past, so nothing appears behind the no-show mark.
-- Returns JSON {reminded, missed}.
local k = named_keys{
  'offset',    -- KEYS[1] {b:<branch>}:offset
  'epoch',     -- KEYS[2] {b:<branch>}:epoch
  'events',    -- KEYS[3] {b:<branch>}:events
  'live',      -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',   -- KEYS[5] {b:<branch>}:waiting
  'desks',     -- KEYS[6] {b:<branch>}:desks
  'marks',     -- KEYS[7] {b:<branch>}:bk:due (hash: day, hour, missed → slot start ms)
  'yesterday', -- KEYS[8] {b:<branch>}:bk:day:<date>, yesterday's appointments
  'today',     -- KEYS[9] {b:<branch>}:bk:day:<date>
  'tomorrow',  -- KEYS[10] {b:<branch>}:bk:day:<date>
}
local a = named_args{'branch', 'now', 'now_ms', 'day_ms', 'hour_ms', 'grace_ms', 'max_events'}
local tag = branch_tag(k.marks)
-- The appointments' own hashes ({b:<branch>}:bk:<id>) and their cases'
-- keys are named by the day sets' members, so they cannot be declared.

-- due calls fn(id, booking) for every booking still booked whose slot
-- starts in (the mark's value, upto], and moves the mark to upto.
-- first is the lower bound when the mark was never set.
local function due(mark, first, upto, fn)
  local from = tonumber(redis.call('HGET', k.marks, mark)) or first
  if upto <= from then return end
  for _, day in ipairs({k.yesterday, k.today, k.tomorrow}) do
    for _, id in ipairs(redis.call('ZRANGEBYSCORE', day, '(' .. from, upto)) do
      local b = hash_table(tag .. 'bk:' .. id) -- undeclared: see above
      if b and b.state == 'booked' then fn(id, b) end
    end
  end
  redis.call('HSET', k.marks, mark, upto)
end

local reminded, missed = 0, 0
local function remind(id, b)
  emit(k, a.branch, {type = 'booking.reminder', at = a.now, actor = 'hub', booking = booking_view(b)}, a.max_events)
  reminded = reminded + 1
end

-- A slot within the hour gets the hour's reminder, not the day's; one
-- already begun (the hub was down) gets neither.
due('day', a.now_ms + a.hour_ms, a.now_ms + a.day_ms, function(id, b)
  if tonumber(b.start_ms) > a.now_ms + a.hour_ms then remind(id, b) end
end)
due('hour', a.now_ms, a.now_ms + a.hour_ms, function(id, b)
  if tonumber(b.start_ms) > a.now_ms then remind(id, b) end
end)
due('missed', -1, a.now_ms - a.grace_ms, function(id, b)
  local bkey = tag .. 'bk:' .. id
  redis.call('HSET', bkey, 'state', 'no_show', 'updated_at', a.now) -- undeclared: see above
  if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, id) end -- undeclared: read from the booking
  local ckey = tag .. 'c:' .. b.case
  redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = a.now, kind = 'appointment_missed', actor = 'hub', -- undeclared: see above
    status = redis.call('HGET', ckey, 'status'), public = true, text = b.slot})) -- undeclared: see above
  redis.call('HSET', ckey, 'updated_at', a.now) -- undeclared: see above
  b.state = 'no_show'
  emit(k, a.branch, {type = 'booking.missed', at = a.now, actor = 'hub', booking = booking_view(b)}, a.max_events)
  missed = missed + 1
end)

return cjson.encode({reminded = reminded, missed = missed})
