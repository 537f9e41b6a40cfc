-- notify_lease: takes, renews or gives up a branch's notifier lease, so
-- that of several hub replicas one notifies the branch's citizens.
-- Returns 1 when the holder has the lease afterwards, else 0.
local k = named_keys{
  'lease', -- KEYS[1] {b:<branch>}:notify:lease
}
-- holder is one dispatcher; ms how long to hold the lease, 0 gives it up.
local a = named_args{'holder', 'ms'}
local holder, ms = a.holder, a.ms
local current = redis.call('GET', k.lease)
if current and current ~= holder then return 0 end
if ms == 0 then
  if current then redis.call('DEL', k.lease) end
  return 0
end
redis.call('SET', k.lease, holder, 'PX', ms)
return 1
