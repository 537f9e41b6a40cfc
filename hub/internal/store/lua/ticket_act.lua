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
local tag        = ARGV[1]
local branch     = ARGV[2]
local id         = ARGV[3]
local action     = ARGV[4]
local actor      = ARGV[5]
local now        = ARGV[6]
local now_ms     = tonumber(ARGV[7])
local min_calls  = tonumber(ARGV[8])
local recall_delay_ms = tonumber(ARGV[9])
local idem_key   = ARGV[10]
local fingerprint = ARGV[11]
local idem_ms    = ARGV[12]
local max_events = ARGV[13]
local recent_max = tonumber(ARGV[14])

local done = idem_check(idem_key, fingerprint)
if done then return done end

local tkey = tag .. 't:' .. id
local t = hash_table(tkey)
if not t then fail('not_found', 'unknown_ticket') end

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

local dkey, desk
if action == 'resume' then
  -- The desk that parked the visitor takes them back, once it is free.
  dkey = tag .. 'desk:' .. t.desk
  desk = hash_table(dkey)
  if not desk or desk.officer ~= actor then fail('forbidden', 'ticket_not_at_desk') end
  if desk.state ~= 'open' then fail('invalid_state', 'desk_not_open') end
  if desk.ticket and desk.ticket ~= '' then fail('desk_busy', 'desk_busy') end
elseif action ~= 'cancel' then
  -- Only the officer holding the ticket's desk acts on it.
  dkey = tag .. 'desk:' .. t.desk
  desk = hash_table(dkey)
  if not desk or desk.officer ~= actor or desk.ticket ~= id then
    fail('forbidden', 'ticket_not_at_desk')
  end
end
if action == 'no_show' and tonumber(t.calls or '0') < min_calls then
  fail('invalid_state', 'recall_first')
end
if action == 'recall' and recall_delay_ms > 0 and now_ms - tonumber(t.called_ms or '0') < recall_delay_ms then
  fail('invalid_state', 'recall_too_soon')
end

redis.call('HSET', tkey, 'state', next_state[action])
if action == 'recall' then
  redis.call('HINCRBY', tkey, 'calls', 1)
  -- called_at stays the first call, where the visitor's wait ended;
  -- called_ms is the last, from which the recall delay counts.
  redis.call('HSET', tkey, 'called_ms', now_ms)
  redis.call('LREM', tag .. 'recent', 0, id)
  redis.call('LPUSH', tag .. 'recent', id)
  redis.call('LTRIM', tag .. 'recent', 0, recent_max - 1)
elseif action == 'serve' then
  redis.call('HSET', tkey, 'served_at', now)
  -- The case is now in the hands of a desk: record it for the citizen.
  local ckey = tag .. 'c:' .. t.case
  local status = redis.call('HGET', ckey, 'status')
  if status == 'received' then
    status = 'in_progress'
    redis.call('HSET', ckey, 'status', status)
  end
  if status then
    redis.call('HSET', ckey, 'updated_at', now)
    redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'served', actor = actor,
      desk = t.desk, status = status, public = true}))
  end
elseif action == 'cancel' then
  redis.call('ZREM', tag .. 'waiting', id)
  if t.desk and t.desk ~= '' then redis.call('ZREM', tag .. 'deskq:' .. t.desk, id) end
  if t.officer and t.officer ~= '' then redis.call('ZREM', tag .. 'deskq:@' .. t.officer, id) end
  redis.call('HSET', tkey, 'ended_at', now)
elseif action == 'park' then
  redis.call('HSET', tkey, 'parked_at', now)
  redis.call('HSET', dkey, 'ticket', '')
  redis.call('ZADD', tag .. 'parked:' .. t.desk, now_ms, id)
elseif action == 'resume' then
  redis.call('HDEL', tkey, 'parked_at')
  redis.call('HSET', dkey, 'ticket', id)
  redis.call('ZREM', tag .. 'parked:' .. t.desk, id)
else -- no_show, complete: the desk is free again
  redis.call('HSET', tkey, 'ended_at', now)
  redis.call('HSET', dkey, 'ticket', '')
end

local ev = {type = event_type[action], at = now, actor = actor, ticket = ticket_view(hash_table(tkey))}
if dkey then ev.desk = desk_view(hash_table(dkey)) end
emit(tag_keys(tag), branch, ev, max_events)
return idem_save(idem_key, fingerprint, cjson.encode(ev.ticket), idem_ms)
