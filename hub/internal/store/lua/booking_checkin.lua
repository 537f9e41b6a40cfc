-- booking_checkin: the visitor of an appointment arrives and scans its QR
-- code at the kiosk. Up to the grace after the slot, the visit gets a
-- ticket in the appointment lane counted as if it had arrived at the slot
-- less the branch's priority credit (the anti-starvation rule, never more):
-- arriving early, it waits for its slot. Later, it is an ordinary walk-in
-- arriving now. The ticket belongs to the appointment's case. Checking in
-- twice gives the same ticket again.
-- KEYS[1] the booking {b:X}:bk:<id>
local bkey = KEYS[1]
local tag        = ARGV[1]
local branch     = ARGV[2]
local today      = ARGV[3]  -- branch-local YYYY-MM-DD
local now        = ARGV[4]
local now_ms     = tonumber(ARGV[5])
local credit_ms  = tonumber(ARGV[6])
local grace_ms   = tonumber(ARGV[7])
local actor      = ARGV[8]
local max_events = ARGV[9]
local id         = ARGV[10] -- chosen by the hub: a ticket's key never depends on its number
local floor_r    = tonumber(ARGV[11]) -- the hub's marks for R and A tickets today (prelude's history_lost)
local floor_a    = tonumber(ARGV[12])
local offset_floor = tonumber(ARGV[13])

local function place(tkey, late)
  local t = hash_table(tkey)
  local ahead = 0
  if t.state == 'waiting' then ahead = redis.call('ZRANK', tag .. 'waiting', t.id) or 0 end
  local open_desks = 0
  for _, desk in ipairs(redis.call('SMEMBERS', tag .. 'desks')) do
    ahead = ahead + redis.call('ZCARD', tag .. 'deskq:' .. desk)
    if redis.call('HGET', tag .. 'desk:' .. desk, 'state') == 'open' then open_desks = open_desks + 1 end
  end
  return cjson.encode({ticket = ticket_view(t), ahead = ahead, open_desks = open_desks, late = late})
end

local b = hash_table(bkey)
if not b then fail('not_found', 'unknown_booking') end
if b.state == 'checked_in' then return place(tag .. 't:' .. b.ticket, b.late == '1') end
if b.state ~= 'booked' then fail('invalid_state', 'booking_not_active') end
if b.day ~= today then fail('invalid_state', 'booking_not_today') end

local late = now_ms > tonumber(b.start_ms) + grace_ms
local lane, letter, score = 'appointment', 'R', tonumber(b.start_ms) - credit_ms
if late then lane, letter, score = 'normal', 'A', now_ms end

local tkey = tag .. 't:' .. id
if redis.call('EXISTS', tkey) == 1 then fail('conflict', 'ticket_id_taken') end
check_history(tag, offset_floor)
local seq = next_number(tag, tag .. 'day:' .. today .. ':seq', letter, late and floor_a or floor_r, offset_floor)
local number = string.format('%s-%03d', letter, seq)
redis.call('HSET', tkey, 'id', id, 'number', number, 'branch', branch, 'service', b.service,
  'lane', lane, 'state', 'waiting', 'case', b.case, 'day', today, 'issued_at', now,
  'score', score, 'phone', b.phone, 'booking', b.id, 'booked_slot', b.slot, 'booked_notes', b.notes)
redis.call('ZADD', tag .. 'day:' .. today .. ':tickets', now_ms, id)
redis.call('ZADD', tag .. 'waiting', score, id)
redis.call('HSET', bkey, 'state', 'checked_in', 'ticket', id, 'late', late and '1' or '0', 'updated_at', now)
if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, b.id) end
redis.call('HSET', tag .. 'c:' .. b.case, 'ticket', id, 'updated_at', now)

emit(tag, branch, {type = 'ticket.issued', at = now, actor = actor, ticket = ticket_view(hash_table(tkey))}, max_events)
return place(tkey, late)
