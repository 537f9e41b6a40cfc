-- take: counts n against every counter if each stays within its limit, or
-- counts nothing. A counter lives for its window from its first count (a
-- fixed window).
-- KEYS   the counters (one hash tag: one slot in a Cluster)
-- ARGV   limit, window_ms, n for each key in turn
-- Returns {0, 0} when counted, or {i, ms} when KEYS[i] is full for ms more.
for i, key in ipairs(KEYS) do
  local limit, window, n = tonumber(ARGV[3*i-2]), tonumber(ARGV[3*i-1]), tonumber(ARGV[3*i])
  local used = tonumber(redis.call('GET', key) or '0')
  if used + n > limit then
    local left = redis.call('PTTL', key)
    if left < 0 then left = window end
    return {i, left}
  end
end
for i, key in ipairs(KEYS) do
  redis.call('INCRBY', key, ARGV[3*i])
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[3*i-1]) end
end
return {0, 0}
