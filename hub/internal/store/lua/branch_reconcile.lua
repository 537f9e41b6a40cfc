-- branch_reconcile: run at start-up. After a restart or a failover the
-- store may hold counters older than the data (or data older than what was
-- handed out and lost). Counters are raised to at least what the stored
-- tickets, cases and events show, so no number is ever issued twice.
local tag    = ARGV[1]
local day    = ARGV[2]
local year   = ARGV[3]
local epoch  = ARGV[4]   -- used only if the branch has none

redis.call('SET', tag .. 'epoch', epoch, 'NX')

-- Event offsets: at least the last stream entry.
local last = redis.call('XREVRANGE', tag .. 'events', '+', '-', 'COUNT', 1)
if #last > 0 then
  local top = tonumber(string.match(last[1][1], '^(%d+)-'))
  if top > tonumber(redis.call('GET', tag .. 'offset') or '0') then
    redis.call('SET', tag .. 'offset', top)
  end
end

-- Today's ticket numbers, per letter: at least the highest issued.
local seq_key = tag .. 'day:' .. day .. ':seq'
for _, id in ipairs(redis.call('ZRANGE', tag .. 'day:' .. day .. ':tickets', 0, -1)) do
  local letter, n = string.match(redis.call('HGET', tag .. 't:' .. id, 'number') or '', '^(%a)-(%d+)$')
  if letter and tonumber(n) > tonumber(redis.call('HGET', seq_key, letter) or '0') then
    redis.call('HSET', seq_key, letter, tonumber(n))
  end
end

-- This year's case numbers: at least the highest stored. Numbers grow with
-- time, so the latest thousand cases are enough to look at.
local seq = tonumber(redis.call('GET', tag .. 'caseseq:' .. year) or '0')
for _, number in ipairs(redis.call('ZRANGE', tag .. 'cases', 0, 999, 'REV')) do
  local y, n = string.match(number, '-(%d%d%d%d)-(%d+)$')
  if y == year and tonumber(n) > seq then seq = tonumber(n) end
end
redis.call('SET', tag .. 'caseseq:' .. year, seq)
return seq
