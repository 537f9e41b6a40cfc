-- failure_count: counts one failure (a wrong access code or password) on one
-- counter. The counter lives for the window after its first failure; the
-- failure that reaches the limit restarts it, so a locked counter stays
-- locked for a whole window from then.
-- KEYS[1] the counter
local window_ms = ARGV[1]
local limit     = tonumber(ARGV[2])

local n = redis.call('INCR', KEYS[1])
if n == 1 or n == limit then redis.call('PEXPIRE', KEYS[1], window_ms) end
return n
