-- desk_set: an officer opens (claims), pauses or closes (releases) a desk.
--   open   closed, or open/paused by the same officer -> open
--   pause  open by the officer -> paused (with a reason)
--   close  open/paused by the officer, no visitor at the desk and none
--          parked there -> closed
-- Opening a desk releases any other idle desk the officer held.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'live',    -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting', -- KEYS[5] {b:<branch>}:waiting
  'desks',   -- KEYS[6] {b:<branch>}:desks
  'idem',    -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'desk',    -- KEYS[8] {b:<branch>}:desk:<desk>
  'parked',  -- KEYS[9] {b:<branch>}:parked:<desk>
}
local a = named_args{'branch', 'desk', 'action', 'officer', 'officer_name', 'reason', 'now',
  'fingerprint', 'idem_ms', 'max_events'}
local tag = branch_tag(k.desk)
local action, officer, now = a.action, a.officer, a.now

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

local desk = hash_table(k.desk) or {state = 'closed', officer = ''}
local held = desk.state ~= 'closed' and desk.officer ~= '' and desk.officer ~= nil
local busy = desk.ticket ~= nil and desk.ticket ~= ''

local others = {}
if action == 'open' then
  if held and desk.officer ~= officer then fail('desk_taken', 'desk_taken') end
  for _, other in ipairs(redis.call('SMEMBERS', k.desks)) do
    if other ~= a.desk then
      local o = hash_table(tag .. 'desk:' .. other) -- undeclared: the other desks are read from the desks set
      if o and o.officer == officer and o.state ~= 'closed' then
        if o.ticket and o.ticket ~= '' then fail('desk_busy', 'desk_busy') end
        if redis.call('ZCARD', tag .. 'parked:' .. other) > 0 then fail('desk_busy', 'desk_has_parked') end -- undeclared: as above
        table.insert(others, other)
      end
    end
  end
else
  if not held or desk.officer ~= officer then fail('forbidden', 'desk_not_held') end
  if action == 'pause' and desk.state ~= 'open' then fail('invalid_state', 'desk_not_open') end
  if action == 'close' and busy then fail('desk_busy', 'desk_busy') end
  if action == 'close' and redis.call('ZCARD', k.parked) > 0 then fail('desk_busy', 'desk_has_parked') end
end

local function release(dkey)
  redis.call('HSET', dkey, 'state', 'closed', 'officer', '', 'officer_name', '', 'reason', '', 'since', now) -- undeclared: this desk or another read from the desks set
  emit(k, a.branch, {type = 'desk.changed', at = now, actor = officer,
    desk = desk_view(hash_table(dkey))}, a.max_events) -- undeclared: as above
end
for _, other in ipairs(others) do release(tag .. 'desk:' .. other) end

redis.call('SADD', k.desks, a.desk)
if action == 'close' then
  redis.call('HSET', k.desk, 'id', a.desk, 'branch', a.branch)
  release(k.desk)
else
  local state, reason = 'open', a.reason
  if action == 'pause' then state = 'paused' else reason = '' end
  redis.call('HSET', k.desk, 'id', a.desk, 'branch', a.branch, 'state', state,
    'officer', officer, 'officer_name', a.officer_name, 'reason', reason, 'since', now)
  emit(k, a.branch, {type = 'desk.changed', at = now, actor = officer,
    desk = desk_view(hash_table(k.desk))}, a.max_events)
end
return idem_save(k.idem, a.fingerprint, cjson.encode(desk_view(hash_table(k.desk))), a.idem_ms)
