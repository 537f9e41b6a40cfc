-- ticket_act: one step in a visit. The action decides which state the
-- ticket must be in and where it goes; see docs/queue.md for the table.
--   recall   called  -> called   (calls + 1; not sooner than recall_delay
--                                after the last call)
--   serve    called  -> serving  (the visitor arrived at the desk)
--   no_show  called  -> no_show  (after at least min_calls calls)
--   complete serving -> done
--   cancel   waiting, remote -> cancelled
--   park     serving -> parked   (set aside at its desk; the desk is free)
--   resume   parked  -> serving  (at the same desk, by its officer, when
--                                the desk is open and free)
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
  'idem',    -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'ticket',  -- KEYS[8] {b:<branch>}:t:<id>
  'recent',  -- KEYS[9] {b:<branch>}:recent
}
-- min_calls: the calls before a no-show; recall_delay_ms: the least time
-- between two calls.
local a = named_args{'branch', 'id', 'action', 'actor', 'now', 'now_ms', 'min_calls', 'recall_delay_ms',
  'fingerprint', 'idem_ms', 'max_events', 'recent_max'}
local tag = branch_tag(k.ticket)
local id, action, actor, now, now_ms = a.id, a.action, a.actor, a.now, a.now_ms

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

local t = ticket_at(k.ticket)

local needs = {recall = 'called', serve = 'called', no_show = 'called',
  complete = 'serving', cancel = 'waiting', park = 'serving', resume = 'parked'}
local next_state = {recall = 'called', serve = 'serving', no_show = 'no_show',
  complete = 'done', cancel = 'cancelled', park = 'parked', resume = 'serving'}
local event_type = {recall = 'ticket.recalled', serve = 'ticket.serving',
  no_show = 'ticket.no_show', complete = 'ticket.done', cancel = 'ticket.cancelled',
  park = 'ticket.parked', resume = 'ticket.resumed'}
local wrong_state = {called = 'ticket_not_called', serving = 'ticket_not_serving',
  waiting = 'ticket_not_waiting', parked = 'ticket_not_parked'}

-- A remote ticket (taken online, not yet checked in) may be cancelled too.
if t.state ~= needs[action] and not (action == 'cancel' and t.state == 'remote') then fail('invalid_state', wrong_state[needs[action]]) end

-- The ticket's desk: its key is named after the desk read from the ticket.
local dkey
if action == 'resume' then
  -- The desk that parked the visitor takes them back, once it is free.
  dkey = tag .. 'desk:' .. t.desk
  free_desk(dkey, actor, 'ticket_not_at_desk') -- undeclared: the desk is read from the ticket
elseif action ~= 'cancel' then
  -- Only the officer holding the ticket's desk acts on it.
  dkey = tag .. 'desk:' .. t.desk
  desk_with(dkey, actor, id) -- undeclared: as above
end
if action == 'no_show' and tonumber(t.calls or '0') < a.min_calls then
  fail('invalid_state', 'recall_first')
end
if action == 'recall' and a.recall_delay_ms > 0 and now_ms - tonumber(t.called_ms or '0') < a.recall_delay_ms then
  fail('invalid_state', 'recall_too_soon')
end

redis.call('HSET', k.ticket, 'state', next_state[action])
if action == 'recall' then
  redis.call('HINCRBY', k.ticket, 'calls', 1)
  -- called_at stays the first call, where the visitor's wait ended;
  -- called_ms is the last, from which the recall delay counts.
  redis.call('HSET', k.ticket, 'called_ms', now_ms)
  push_recent(k.recent, id, a.recent_max)
elseif action == 'serve' then
  redis.call('HSET', k.ticket, 'served_at', now)
  -- The case is now in the hands of a desk: record it for the citizen.
  local ckey = tag .. 'c:' .. t.case
  local status = redis.call('HGET', ckey, 'status') -- undeclared: the case is read from the ticket
  if status == 'received' then
    status = 'in_progress'
    redis.call('HSET', ckey, 'status', status) -- undeclared: as above
  end
  if status then
    redis.call('HSET', ckey, 'updated_at', now) -- undeclared: as above
    redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'served', actor = actor, -- undeclared: as above
      desk = t.desk, status = status, public = true}))
  end
elseif action == 'cancel' then
  redis.call('ZREM', k.waiting, id)
  if t.desk and t.desk ~= '' then redis.call('ZREM', tag .. 'deskq:' .. t.desk, id) end -- undeclared: the desk is read from the ticket
  if t.officer and t.officer ~= '' then redis.call('ZREM', tag .. 'deskq:@' .. t.officer, id) end -- undeclared: the officer is read from the ticket
  redis.call('HSET', k.ticket, 'ended_at', now)
elseif action == 'park' then
  redis.call('HSET', k.ticket, 'parked_at', now)
  redis.call('HSET', dkey, 'ticket', '') -- undeclared: the desk is read from the ticket
  redis.call('ZADD', tag .. 'parked:' .. t.desk, now_ms, id) -- undeclared: as above
elseif action == 'resume' then
  redis.call('HDEL', k.ticket, 'parked_at')
  redis.call('HSET', dkey, 'ticket', id) -- undeclared: the desk is read from the ticket
  redis.call('ZREM', tag .. 'parked:' .. t.desk, id) -- undeclared: as above
else -- no_show, complete: the desk is free again
  redis.call('HSET', k.ticket, 'ended_at', now)
  redis.call('HSET', dkey, 'ticket', '') -- undeclared: the desk is read from the ticket
end

local ev = {type = event_type[action], at = now, actor = actor, ticket = ticket_view(hash_table(k.ticket))}
if dkey then ev.desk = desk_view(hash_table(dkey)) end -- undeclared: the desk is read from the ticket
emit(k, a.branch, ev, a.max_events)
return idem_save(k.idem, a.fingerprint, cjson.encode(ev.ticket), a.idem_ms)
