-- desk_call_next: a desk calls the best waiting ticket. Tickets transferred
-- to this desk come first (their visit is already under way), then those
-- transferred to its officer, then the branch's shared queue in score order
-- (docs/queue.md).
local k = named_keys{
  'offset',    -- KEYS[1] {b:<branch>}:offset
  'epoch',     -- KEYS[2] {b:<branch>}:epoch
  'events',    -- KEYS[3] {b:<branch>}:events
  'live',      -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',   -- KEYS[5] {b:<branch>}:waiting
  'desks',     -- KEYS[6] {b:<branch>}:desks
  'idem',      -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'desk',      -- KEYS[8] {b:<branch>}:desk:<desk>
  'desk_queue', -- KEYS[9] {b:<branch>}:deskq:<desk>
  'officer_queue', -- KEYS[10] {b:<branch>}:deskq:@<officer>
  'recent',    -- KEYS[11] {b:<branch>}:recent
}
local a = named_args{'branch', 'desk', 'officer', 'now', 'now_ms', 'fingerprint', 'idem_ms', 'max_events',
  'recent_max'}

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

free_desk(k.desk, a.officer, 'desk_not_held')

local id
for _, queue in ipairs({k.desk_queue, k.officer_queue, k.waiting}) do
  id = redis.call('ZRANGE', queue, 0, 0)[1]
  if id then
    redis.call('ZREM', queue, id)
    break
  end
end
if not id then fail('queue_empty', 'queue_empty') end

local tkey = branch_tag(k.desk) .. 't:' .. id
redis.call('HSET', tkey, 'state', 'called', 'desk', a.desk, 'officer', a.officer, -- undeclared: the ticket is the queue's first
  'calls', 1, 'called_at', a.now, 'called_ms', a.now_ms)
redis.call('HSET', k.desk, 'ticket', id)
push_recent(k.recent, id, a.recent_max)

local ticket = ticket_view(hash_table(tkey)) -- undeclared: as above
emit(k, a.branch, {type = 'ticket.called', at = a.now, actor = a.officer, ticket = ticket,
  desk = desk_view(hash_table(k.desk))}, a.max_events)
return idem_save(k.idem, a.fingerprint, cjson.encode(ticket), a.idem_ms)
