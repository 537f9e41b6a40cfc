-- booking_checkin: the visitor of an appointment arrives and scans its QR
-- code at the kiosk. Up to the grace after the slot, the visit gets a
-- ticket in the appointment lane counted as if it had arrived at the slot
-- less the branch's priority credit (the anti-starvation rule, never more):
-- arriving early, it waits for its slot. Later, it is an ordinary walk-in
-- arriving now. The ticket belongs to the appointment's case. Checking in
-- twice gives the same ticket again.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
  'booking', -- KEYS[7] {b:<branch>}:bk:<booking>
  'ticket',  -- KEYS[8] {b:<branch>}:t:<id>, the new ticket
  'seq',     -- KEYS[9] {b:<branch>}:day:<today>:seq
  'tickets', -- KEYS[10] {b:<branch>}:day:<today>:tickets
}
-- today is the branch-local YYYY-MM-DD; id is chosen by the hub (a
-- ticket's key never depends on its number); floor_r and floor_a are the
-- hub's marks for R and A tickets today (prelude's history_lost).
local a = named_args{'branch', 'today', 'now', 'now_ms', 'credit_ms', 'grace_ms', 'actor', 'max_events',
  'id', 'floor_r', 'floor_a', 'offset_floor'}
local tag, today, now, now_ms, id = branch_tag(k.booking), a.today, a.now, a.now_ms, a.id

local function place(t, late)
  local ahead = 0
  if t.state == 'waiting' then ahead = redis.call('ZRANK', k.waiting, t.id) or 0 end
  local open_desks
  ahead, open_desks = desks_ahead(k, ahead)
  return cjson.encode({ticket = ticket_view(t), ahead = ahead, open_desks = open_desks, late = late})
end

local b = hash_table(k.booking)
if not b then fail('not_found', 'unknown_booking') end
if b.state == 'checked_in' then
  return place(hash_table(tag .. 't:' .. b.ticket), b.late == '1') -- undeclared: the ticket is read from the booking
end
if b.state ~= 'booked' then fail('invalid_state', 'booking_not_active') end
if b.day ~= today then fail('invalid_state', 'booking_not_today') end

local late = now_ms > tonumber(b.start_ms) + a.grace_ms
local lane, letter, score = 'appointment', 'R', tonumber(b.start_ms) - a.credit_ms
if late then lane, letter, score = 'normal', 'A', now_ms end

if redis.call('EXISTS', k.ticket) == 1 then fail('conflict', 'ticket_id_taken') end
check_history(k, a.offset_floor)
local seq = next_number(k, k.seq, letter, late and a.floor_a or a.floor_r, a.offset_floor)
local number = string.format('%s-%03d', letter, seq)
redis.call('HSET', k.ticket, 'id', id, 'number', number, 'branch', a.branch, 'service', b.service,
  'lane', lane, 'state', 'waiting', 'case', b.case, 'day', today, 'issued_at', now,
  'score', score, 'phone', b.phone, 'booking', b.id, 'booked_slot', b.slot, 'booked_notes', b.notes)
redis.call('ZADD', k.tickets, now_ms, id)
redis.call('ZADD', k.waiting, score, id)
redis.call('HSET', k.booking, 'state', 'checked_in', 'ticket', id, 'late', late and '1' or '0', 'updated_at', now)
if b.phone ~= '' then redis.call('SREM', tag .. 'bk:phone:' .. b.phone, b.id) end -- undeclared: the phone is read from the booking
redis.call('HSET', tag .. 'c:' .. b.case, 'ticket', id, 'updated_at', now) -- undeclared: the case is read from the booking

local t = hash_table(k.ticket)
emit(k, a.branch, {type = 'ticket.issued', at = now, actor = a.actor, ticket = ticket_view(t)}, a.max_events)
return place(t, late)
