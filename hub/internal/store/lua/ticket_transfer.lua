-- ticket_transfer: a desk sends its visitor back to the shared queue, to
-- another desk, or to a named officer. The ticket keeps its number and its
-- place (its original score), so the visitor is never sent to the back of
-- the line. An officer's queue is "deskq:@<username>", listed in the
-- branch's "desks" set like a desk's, so every count of the waiting sees it.
local k = named_keys{
  'offset',   -- KEYS[1] {b:<branch>}:offset
  'epoch',    -- KEYS[2] {b:<branch>}:epoch
  'events',   -- KEYS[3] {b:<branch>}:events
  'live',     -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',  -- KEYS[5] {b:<branch>}:waiting
  'desks',    -- KEYS[6] {b:<branch>}:desks
  'idem',     -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'ticket',   -- KEYS[8] {b:<branch>}:t:<id>
  'to_queue', -- KEYS[9] {b:<branch>}:deskq:<to_desk> or deskq:@<to_officer>; unused back to the shared queue
}
-- to_desk '' is back to the shared queue (or to to_officer); to_officer ''
-- is not to an officer.
local a = named_args{'branch', 'id', 'to_desk', 'to_officer', 'note', 'actor', 'now', 'fingerprint',
  'idem_ms', 'max_events'}
local id, actor = a.id, a.actor

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

local t = ticket_at(k.ticket)
if t.state ~= 'called' and t.state ~= 'serving' then fail('invalid_state', 'ticket_not_active') end
local dkey = branch_tag(k.ticket) .. 'desk:' .. t.desk
desk_with(dkey, actor, id) -- undeclared: the desk is read from the ticket
if a.to_desk == t.desk then fail('invalid_state', 'same_desk') end
if a.to_officer == actor then fail('invalid_state', 'same_officer') end

redis.call('HSET', dkey, 'ticket', '') -- undeclared: as above
redis.call('HSET', k.ticket, 'state', 'waiting', 'desk', a.to_desk, 'officer', a.to_officer, 'calls', 0, 'note', a.note)
redis.call('HDEL', k.ticket, 'called_at', 'called_ms', 'served_at')
local queue = a.to_desk
if a.to_officer ~= '' then queue = '@' .. a.to_officer end
if queue == '' then
  redis.call('ZADD', k.waiting, t.score, id)
else
  redis.call('SADD', k.desks, queue)
  redis.call('ZADD', k.to_queue, t.score, id)
end

local ticket = ticket_view(hash_table(k.ticket))
emit(k, a.branch, {type = 'ticket.transferred', at = a.now, actor = actor, ticket = ticket,
  desk = desk_view(hash_table(dkey))}, a.max_events) -- undeclared: the desk is read from the ticket
return idem_save(k.idem, a.fingerprint, cjson.encode(ticket), a.idem_ms)
