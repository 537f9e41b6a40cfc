-- ticket_checkin: the visitor of a remote ticket arrives and scans it at the
-- kiosk. The ticket joins the shared queue with the score it was given when
-- it was taken, so it keeps its place. Checking in twice is harmless: a
-- remote ticket already waiting gets the same answer again.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
  'ticket',  -- KEYS[7] {b:<branch>}:t:<id>
}
-- today is the branch-local YYYY-MM-DD.
local a = named_args{'branch', 'id', 'today', 'now', 'actor', 'max_events'}
local id = a.id

local t = ticket_at(k.ticket)
local remote = branch_tag(k.ticket) .. 'day:' .. t.day .. ':remote:' .. (t.phone or '')
local was_remote = redis.call('SISMEMBER', remote, id) == 1 -- undeclared: named after the ticket's day and phone, read from it
if not was_remote then fail('invalid_state', 'ticket_not_remote') end
if t.day ~= a.today then fail('invalid_state', 'ticket_expired') end
if t.state ~= 'remote' and t.state ~= 'waiting' then fail('invalid_state', 'ticket_not_remote') end

if t.state == 'remote' then
  redis.call('HSET', k.ticket, 'state', 'waiting')
  redis.call('ZADD', k.waiting, t.score, id)
  t.state = 'waiting'
  emit(k, a.branch, {type = 'ticket.checked_in', at = a.now, actor = a.actor, ticket = ticket_view(t)}, a.max_events)
end

local ahead, open_desks = desks_ahead(k, redis.call('ZRANK', k.waiting, id))
return cjson.encode({ticket = ticket_view(t), ahead = ahead, open_desks = open_desks})
