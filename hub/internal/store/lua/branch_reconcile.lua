-- branch_reconcile: run at start-up. After a restart or a failover the
-- store may hold counters older than the data (or data older than what was
-- handed out and lost). Counters are raised to at least what the stored
-- tickets, cases and events show, so no number is ever issued twice.
local k = named_keys{
  'offset',  -- KEYS[1] {b:<branch>}:offset
  'epoch',   -- KEYS[2] {b:<branch>}:epoch
  'events',  -- KEYS[3] {b:<branch>}:events
  'seq',     -- KEYS[4] {b:<branch>}:day:<day>:seq
  'tickets', -- KEYS[5] {b:<branch>}:day:<day>:tickets
  'caseseq', -- KEYS[6] {b:<branch>}:caseseq:<year>
  'cases',   -- KEYS[7] {b:<branch>}:cases
}
-- epoch is used only if the branch has none.
local a = named_args{'year', 'epoch'}
local tag = branch_tag(k.offset)

redis.call('SET', k.epoch, a.epoch, 'NX')

-- Event offsets: at least the last stream entry.
local last = redis.call('XREVRANGE', k.events, '+', '-', 'COUNT', 1)
if #last > 0 then
  local top = tonumber(string.match(last[1][1], '^(%d+)-'))
  if top > tonumber(redis.call('GET', k.offset) or '0') then
    redis.call('SET', k.offset, top)
  end
end

-- Today's ticket numbers, per letter: at least the highest issued.
for _, id in ipairs(redis.call('ZRANGE', k.tickets, 0, -1)) do
  local letter, n = string.match(redis.call('HGET', tag .. 't:' .. id, 'number') or '', '^(%a)-(%d+)$') -- undeclared: the ids are read from the day's tickets
  if letter and tonumber(n) > tonumber(redis.call('HGET', k.seq, letter) or '0') then
    redis.call('HSET', k.seq, letter, tonumber(n))
  end
end

-- This year's case numbers: at least the highest stored. Numbers grow with
-- time, so the latest thousand cases are enough to look at.
local seq = tonumber(redis.call('GET', k.caseseq) or '0')
for _, number in ipairs(redis.call('ZRANGE', k.cases, 0, 999, 'REV')) do
  local y, n = string.match(number, '-(%d%d%d%d)-(%d+)$')
  if y == a.year and tonumber(n) > seq then seq = tonumber(n) end
end
redis.call('SET', k.caseseq, seq)
return seq
