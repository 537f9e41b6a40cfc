-- citizen_rate: the citizen rates the service on a resolved or closed case,
-- once since the case was last reopened. The rating is a public timeline
-- entry; the case's status does not change.
-- KEYS[1] any key of the branch (routes the script; all keys share its tag)
local tag        = ARGV[1]
local branch     = ARGV[2]
local number     = ARGV[3]
local now        = ARGV[4]
local text       = ARGV[5] -- "<stars>/5" and the comment, if any
local max_events = ARGV[6]

local ckey = tag .. 'c:' .. number
local c = hash_table(ckey)
if not c then fail('not_found', 'unknown_case') end
if c.status ~= 'resolved' and c.status ~= 'closed' then fail('invalid_state', 'case_not_finished') end
local tl = redis.call('LRANGE', ckey .. ':tl', 0, -1)
for i = #tl, 1, -1 do
  local kind = cjson.decode(tl[i]).kind
  if kind == 'rated' then fail('conflict', 'already_rated') end
  if kind == 'reopened' then break end
end

redis.call('HSET', ckey, 'updated_at', now)
redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'rated', actor = 'citizen',
  text = text, status = c.status, public = true}))
emit(tag_keys(tag), branch, {type = 'case.changed', at = now, actor = 'citizen', case = {number = number,
  status = c.status, service = c.service, category = c.category, entry = 'rated'}}, max_events)
return number
