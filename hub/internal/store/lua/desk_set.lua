-- desk_set: an officer opens (claims), pauses or closes (releases) a desk.
--   open   closed, or open/paused by the same officer -> open
--   pause  open by the officer -> paused (with a reason)
--   close  open/paused by the officer, no visitor at the desk and none
--          parked there -> closed
-- Opening a desk releases any other idle desk the officer held.
local tag        = ARGV[1]
local branch     = ARGV[2]
local desk_id    = ARGV[3]
local action     = ARGV[4]
local officer    = ARGV[5]
local officer_name = ARGV[6]
local reason     = ARGV[7]
local now        = ARGV[8]
local idem_key   = ARGV[9]
local fingerprint = ARGV[10]
local idem_ms    = ARGV[11]
local max_events = ARGV[12]

local done = idem_check(idem_key, fingerprint)
if done then return done end

local dkey = tag .. 'desk:' .. desk_id
local desk = hash_table(dkey) or {state = 'closed', officer = ''}
local held = desk.state ~= 'closed' and desk.officer ~= '' and desk.officer ~= nil
local busy = desk.ticket ~= nil and desk.ticket ~= ''
local function has_parked(id) return redis.call('ZCARD', tag .. 'parked:' .. id) > 0 end

local others = {}
if action == 'open' then
  if held and desk.officer ~= officer then fail('desk_taken', 'desk_taken') end
  for _, other in ipairs(redis.call('SMEMBERS', tag .. 'desks')) do
    if other ~= desk_id then
      local o = hash_table(tag .. 'desk:' .. other)
      if o and o.officer == officer and o.state ~= 'closed' then
        if o.ticket and o.ticket ~= '' then fail('desk_busy', 'desk_busy') end
        if has_parked(other) then fail('desk_busy', 'desk_has_parked') end
        table.insert(others, other)
      end
    end
  end
else
  if not held or desk.officer ~= officer then fail('forbidden', 'desk_not_held') end
  if action == 'pause' and desk.state ~= 'open' then fail('invalid_state', 'desk_not_open') end
  if action == 'close' and busy then fail('desk_busy', 'desk_busy') end
  if action == 'close' and has_parked(desk_id) then fail('desk_busy', 'desk_has_parked') end
end

local function release(id)
  local k = tag .. 'desk:' .. id
  redis.call('HSET', k, 'state', 'closed', 'officer', '', 'officer_name', '', 'reason', '', 'since', now)
  emit(tag_keys(tag), branch, {type = 'desk.changed', at = now, actor = officer,
    desk = desk_view(hash_table(k))}, max_events)
end
for _, other in ipairs(others) do release(other) end

redis.call('SADD', tag .. 'desks', desk_id)
if action == 'close' then
  redis.call('HSET', dkey, 'id', desk_id, 'branch', branch)
  release(desk_id)
else
  local state = 'open'
  if action == 'pause' then state = 'paused' else reason = '' end
  redis.call('HSET', dkey, 'id', desk_id, 'branch', branch, 'state', state,
    'officer', officer, 'officer_name', officer_name, 'reason', reason, 'since', now)
  emit(tag_keys(tag), branch, {type = 'desk.changed', at = now, actor = officer,
    desk = desk_view(hash_table(dkey))}, max_events)
end
return idem_save(idem_key, fingerprint, cjson.encode(desk_view(hash_table(dkey))), idem_ms)
