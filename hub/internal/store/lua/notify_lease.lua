-- notify_lease: takes, renews or gives up a branch's notifier lease, so
-- that of several hub replicas one notifies the branch's citizens.
-- KEYS[1] the lease key
-- ARGV[1] the holder (one dispatcher)
-- ARGV[2] milliseconds to hold it; 0 gives it up
-- Returns 1 when the holder has the lease afterwards, else 0.
local holder = ARGV[1]
local ms     = tonumber(ARGV[2])
local current = redis.call('GET', KEYS[1])
if current and current ~= holder then return 0 end
if ms == 0 then
  if current then redis.call('DEL', KEYS[1]) end
  return 0
end
redis.call('SET', KEYS[1], holder, 'PX', ms)
return 1
