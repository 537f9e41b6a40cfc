-- cases_index: files one batch of a branch's cases, oldest first, in the
-- indexes Open311 reads (index_case). Cases stored before those indexes
-- existed are filed at start-up; a case changed meanwhile is filed by its
-- own script, and filing it again here changes nothing.
local k = named_keys{
  'cases',        -- KEYS[1] {b:<branch>}:cases, all by creation time
  'indexed',      -- KEYS[2] {b:<branch>}:cases:indexed, set when every case is filed
  'cases_closed', -- KEYS[3] {b:<branch>}:cases:closed
}
local a = named_args{'start', 'count'}
local tag, start, count = branch_tag(k.cases), a.start, a.count

local numbers = redis.call('ZRANGE', k.cases, start, start + count - 1)
for _, number in ipairs(numbers) do
  local c = redis.call('HMGET', tag .. 'c:' .. number, 'service', 'status', 'created_ms') -- undeclared: the numbers are read from the cases
  if c[1] and c[2] and c[3] then index_case(k, number, c[3], c[1], c[2]) end
end
if #numbers < count then redis.call('SET', k.indexed, '1') end
return #numbers
