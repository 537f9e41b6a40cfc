-- failure_count: counts one failure (a wrong access code or password) on one
-- counter. The counter lives for the window after its first failure; the
-- failure that reaches the limit restarts it, so a locked counter stays
-- locked for a whole window from then.
local k = named_keys{
  'counter', -- KEYS[1] the counter, e.g. guess:case:<case>
}
local a = named_args{'window_ms', 'limit'}

local n = redis.call('INCR', k.counter)
if n == 1 or n == a.limit then redis.call('PEXPIRE', k.counter, a.window_ms) end
return n
