-- open311_page: one page of Open311's request list, newest first, and how
-- many requests match. Read only: it writes nothing.
-- Returns {total, number...}. Ties in time go by case number, newest
-- first, the order ZREVRANGE gives, so pages neither skip nor repeat.
-- KEYS      the index sets to list (disjoint: one per service, or the
--           branch's), members scored by creation time (ms); how many
--           depends on the query, so they are not named
-- min, max: the earliest and latest creation time (ms); skip: how many to
-- skip; size: how many to return.
local a = named_args{'min', 'max', 'skip', 'size'}
local min, max, skip, size = a.min, a.max, a.skip, a.size

local total = 0
for _, key in ipairs(KEYS) do total = total + redis.call('ZCOUNT', key, min, max) end
local out = {total}
if skip >= total or size <= 0 then return out end

if #KEYS == 1 then
  -- By rank: the cost is the page, however deep.
  local newer = redis.call('ZCOUNT', KEYS[1], '(' .. max, '+inf')
  local last = math.min(skip + size, total) - 1
  for _, n in ipairs(redis.call('ZREVRANGE', KEYS[1], newer + skip, newer + last)) do
    out[#out + 1] = n
  end
  return out
end

-- Several sets: the page is among the first skip+size of each.
local all = {}
for _, key in ipairs(KEYS) do
  local flat = redis.call('ZREVRANGEBYSCORE', key, max, min, 'WITHSCORES', 'LIMIT', 0, skip + size)
  for i = 1, #flat, 2 do all[#all + 1] = {flat[i], tonumber(flat[i + 1])} end
end
table.sort(all, function(a, b)
  if a[2] ~= b[2] then return a[2] > b[2] end
  return a[1] > b[1]
end)
for i = skip + 1, math.min(skip + size, #all) do out[#out + 1] = all[i][1] end
return out
