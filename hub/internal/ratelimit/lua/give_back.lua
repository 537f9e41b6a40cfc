-- give_back: uncounts what take counted for a request that then failed. A
-- counter whose window has ended is not brought back.
-- KEYS the counters; ARGV n for each key
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECRBY', key, ARGV[i]) end
end
return 0
