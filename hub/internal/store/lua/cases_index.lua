-- cases_index: files one batch of a branch's cases, oldest first, in the
-- indexes Open311 reads (index_case). Cases stored before those indexes
-- existed are filed at start-up; a case changed meanwhile is filed by its
-- own script, and filing it again here changes nothing.
-- KEYS[1] the branch's cases (all, by creation time)
-- KEYS[2] the mark set when every case is filed
local tag   = ARGV[1]
local start = tonumber(ARGV[2])
local count = tonumber(ARGV[3])

local numbers = redis.call('ZRANGE', KEYS[1], start, start + count - 1)
for _, number in ipairs(numbers) do
  local c = redis.call('HMGET', tag .. 'c:' .. number, 'service', 'status', 'created_ms')
  if c[1] and c[2] and c[3] then index_case(tag_keys(tag), number, c[3], c[1], c[2]) end
end
if #numbers < count then redis.call('SET', KEYS[2], '1') end
return #numbers
