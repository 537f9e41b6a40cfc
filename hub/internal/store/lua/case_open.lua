-- case_open: a case reported without a visit (online, WhatsApp, Open311).
-- It starts "received", like a walk-in's, and desks see it in the open cases.
-- KEYS[1] any key of the branch (routes the script; all keys share its tag)
local tag        = ARGV[1]
local branch     = ARGV[2]
local prefix     = ARGV[3] -- e.g. QTF-2026-
local year       = ARGV[4]
local service    = ARGV[5]
local category   = ARGV[6]
local channel    = ARGV[7]
local phone      = ARGV[8]
local lang       = ARGV[9]
local access     = ARGV[10]
local description = ARGV[11]
local location   = ARGV[12] -- JSON, or empty
local details    = ARGV[13] -- JSON, or empty
local now        = ARGV[14]
local now_ms     = ARGV[15]
local actor      = ARGV[16]
local idem_key   = ARGV[17]
local fingerprint = ARGV[18]
local idem_ms    = ARGV[19]
local max_events = ARGV[20]
local submitted  = ARGV[21] -- what an Open311 requester sent (JSON), or empty
local department = ARGV[22] -- the service's department, or empty: the desks
local case_floor = tonumber(ARGV[23])   -- the hub's marks (prelude's history_lost)
local offset_floor = tonumber(ARGV[24])

local done = idem_check(idem_key, fingerprint)
if done then return done end

check_history(tag_keys(tag), offset_floor)
local ck = tag_keys(tag); ck.caseseq = tag .. 'caseseq:' .. year; ck.phone = tag .. 'phone:' .. phone
local number = open_case(ck, {prefix = prefix, year = year, branch = branch, service = service,
  category = category, ticket = '', channel = channel, phone = phone, lang = lang, access = access,
  now = now, now_ms = now_ms, description = description, location = location,
  details = details, floor = case_floor, offset_floor = offset_floor}, actor, '')
-- Kept apart from the description staff may edit: Open311 publishes only this.
if submitted ~= '' then redis.call('HSET', tag .. 'c:' .. number, 'submitted', submitted) end

-- A report made without a visit goes straight to its department's inbox.
if department ~= '' then
  redis.call('HSET', tag .. 'c:' .. number, 'department', department)
  reindex(number, now_ms, {}, inbox_keys(tag, department, '', true))
end

emit(tag_keys(tag), branch, {type = 'case.changed', at = now, actor = actor, case = {number = number,
  status = 'received', service = service, category = category, entry = 'opened',
  department = department ~= '' and department or nil}}, max_events)
return idem_save(idem_key, fingerprint, cjson.encode({case = number, access_code = access}), idem_ms)
