-- prelude.lua: shared by every script (the store prepends it).
--
-- Conventions:
--  * Redis does not roll back a script that fails half-way, so every script
--    checks everything first and writes only after the last check.
--  * fail() aborts with "SHAMIL <code> <reason>"; store/errors.go turns that
--    into a protocol error with English and Arabic messages.
--  * Times come from the hub as arguments (Unix ms and RFC 3339 text), never
--    from the script, so every replica of the hub stamps events the same way.
--  * Keys: a script names every key whose name is known before it runs with
--    named_keys, in KEYS order, and uses them as k.<name>. A key named after
--    something the script finds out (a number it assigns, an id read from
--    another key) is built from the branch's tag and carries an
--    "undeclared: <why>" comment on its line. docs/redis.md has the rules;
--    store/scripts_test.go checks them.
--  * Arguments: one JSON object in ARGV[1], taken with named_args; the hub
--    encodes it from a struct whose json tags are exactly those fields.

-- named_keys binds KEYS to the script's names for them, in order. A name
-- the script did not declare is an error, not a nil key.
local function named_keys(names)
  if #KEYS ~= #names then
    error('script keys: ' .. #KEYS .. ' given, ' .. #names .. ' declared')
  end
  local k = {}
  for i, name in ipairs(names) do k[name] = KEYS[i] end
  return setmetatable(k, {__index = function(_, name) error('script keys: ' .. name .. ' not declared') end})
end

-- named_args decodes ARGV[1] and checks it has exactly the declared fields:
-- a hub and a script that disagree fail here, loudly, before any write.
local function named_args(fields)
  local a = cjson.decode(ARGV[1])
  local declared = {}
  for _, f in ipairs(fields) do
    if a[f] == nil then error('script arguments: ' .. f .. ' missing') end
    declared[f] = true
  end
  for f in pairs(a) do
    if not declared[f] then error('script arguments: ' .. f .. ' not declared') end
  end
  return a
end

-- branch_tag is "{b:<branch>}:", the start of every key of the branch,
-- taken from one of its declared keys.
local function branch_tag(key)
  return string.match(key, '^{b:[^}]*}:')
end

local function fail(code, reason)
  error({err = 'SHAMIL ' .. code .. ' ' .. reason})
end

-- Idempotency: the reply to a request id is kept under an idem key as
-- "<fingerprint>\n<reply>". A retry with the same fingerprint gets the same
-- reply; the same id with another request is a conflict. A request without
-- an id has an empty fingerprint and is not remembered.
local function idem_check(key, fingerprint)
  if fingerprint == '' then return nil end
  local v = redis.call('GET', key)
  if not v then return nil end
  local nl = string.find(v, '\n', 1, true)
  if string.sub(v, 1, nl - 1) ~= fingerprint then
    fail('conflict', 'request_id_reused')
  end
  return string.sub(v, nl + 1)
end

local function idem_save(key, fingerprint, reply, window_ms)
  if fingerprint ~= '' then
    redis.call('SET', key, fingerprint .. '\n' .. reply, 'PX', window_ms)
  end
  return reply
end

-- hash_table reads a hash into a Lua table, or nil when it does not exist.
local function hash_table(key)
  local flat = redis.call('HGETALL', key)
  if #flat == 0 then return nil end
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

-- Ticket hashes store protocol.Ticket's JSON field names; numbers are
-- converted back and empty fields left out so the JSON matches Go's.
local ticket_numbers = {calls = true}
local function ticket_view(t)
  local v = {}
  for k, val in pairs(t) do
    if k ~= 'score' and k ~= 'phone' and k ~= 'called_ms' and val ~= '' then
      if ticket_numbers[k] then v[k] = tonumber(val) else v[k] = val end
    end
  end
  return v
end

local function desk_view(d)
  local v = {}
  for k, val in pairs(d) do
    if val ~= '' then v[k] = val end
  end
  return v
end

-- The checks desk_call_next, ticket_act, ticket_transfer and desk_set share.

-- ticket_at is the ticket with the given key, which must exist.
local function ticket_at(key)
  local t = hash_table(key)
  if not t then fail('not_found', 'unknown_ticket') end
  return t
end

-- desk_with is the desk with the given key, where officer must be serving
-- the ticket id: an officer acts only on the visitor at their own desk.
local function desk_with(key, officer, id)
  local desk = hash_table(key)
  if not desk or desk.officer ~= officer or desk.ticket ~= id then fail('forbidden', 'ticket_not_at_desk') end
  return desk
end

-- free_desk is the desk with the given key, which must be open, held by
-- officer (else not_held is the reason) and have nobody at it: a desk that
-- may call a visitor or take a parked one back.
local function free_desk(key, officer, not_held)
  local desk = hash_table(key)
  if not desk or desk.state ~= 'open' then fail('invalid_state', 'desk_not_open') end
  if desk.officer ~= officer then fail('forbidden', not_held) end
  if desk.ticket and desk.ticket ~= '' then fail('desk_busy', 'desk_busy') end
  return desk
end

-- push_recent puts a call at the head of the branch's recent calls (once:
-- a transferred or recalled ticket is called again).
local function push_recent(key, id, max)
  redis.call('LREM', key, 0, id)
  redis.call('LPUSH', key, id)
  redis.call('LTRIM', key, 0, max - 1)
end

-- desks_ahead adds to ahead, the people a ticket has ahead of it in the
-- shared queue, those transferred to desks (called first), and counts the
-- open desks: a ticket's place and what serves it, for the wait estimate.
local function desks_ahead(k, ahead)
  local tag = branch_tag(k.desks)
  local open_desks = 0
  for _, desk in ipairs(redis.call('SMEMBERS', k.desks)) do
    ahead = ahead + redis.call('ZCARD', tag .. 'deskq:' .. desk) -- undeclared: the desks are read from the desks set
    if redis.call('HGET', tag .. 'desk:' .. desk, 'state') == 'open' then open_desks = open_desks + 1 end -- undeclared: as above
  end
  return ahead, open_desks
end

-- waiting_count is everybody waiting in the branch: the shared queue plus
-- the tickets transferred to a particular desk.
local function waiting_count(k)
  local tag = branch_tag(k.desks)
  local n = redis.call('ZCARD', k.waiting)
  for _, desk in ipairs(redis.call('SMEMBERS', k.desks)) do
    n = n + redis.call('ZCARD', tag .. 'deskq:' .. desk) -- undeclared: the desks are read from the desks set
  end
  return n
end

-- emit appends an event to the branch's stream and publishes it on the
-- branch's channel. The stream entry id is "<offset>-0", so a subscriber
-- resumes with XRANGE from its offset.
local function emit(k, branch, ev, max_len)
  local off = redis.call('INCR', k.offset)
  local epoch = redis.call('GET', k.epoch)
  if not epoch then
    -- The store lost its history (a restart without AOF, a failover): a new
    -- epoch tells every subscriber to start again from a snapshot.
    local t = redis.call('TIME')
    epoch = string.format('%x%x', tonumber(t[1]), tonumber(t[2]))
    redis.call('SET', k.epoch, epoch)
  end
  ev.offset = off
  ev.epoch = epoch
  ev.branch = branch
  ev.waiting = waiting_count(k)
  local data = cjson.encode(ev)
  redis.call('XADD', k.events, 'MAXLEN', '~', max_len, off .. '-0', 'e', data)
  -- Hubs receive live events on one connection each (store.LiveEvents);
  -- the stream keeps them for resuming and for whatever the connection missed.
  redis.call('PUBLISH', k.live, data)
  return off
end

-- index_case files a case in the indexes Open311's request list reads
-- (docs/redis.md): by service, by open or closed, by creation time. It
-- takes the case as it is now, and old_service when an update moved it
-- from another service, so any call leaves the case filed once, rightly.
-- The service indexes are named after a service case_act and cases_index
-- read from the case itself, so they are not declared.
local function index_case(k, number, created_ms, service, status, old_service)
  local tag = branch_tag(k.cases_closed)
  if old_service and old_service ~= '' and old_service ~= service then
    local old = tag .. 'cases:svc:' .. old_service
    redis.call('ZREM', old, number) -- undeclared: the service the case had, read from it
    redis.call('ZREM', old .. ':open', number) -- undeclared: as above
    redis.call('ZREM', old .. ':closed', number) -- undeclared: as above
  end
  local state, other = 'open', 'closed'
  if status == 'resolved' or status == 'closed' then state, other = 'closed', 'open' end
  local svc = tag .. 'cases:svc:' .. service
  redis.call('ZADD', svc, created_ms, number) -- undeclared: the case's service, read from it by case_act and cases_index
  redis.call('ZADD', svc .. ':' .. state, created_ms, number) -- undeclared: as above
  redis.call('ZREM', svc .. ':' .. other, number) -- undeclared: as above
  if state == 'closed' then
    redis.call('ZADD', k.cases_closed, created_ms, number)
  else
    redis.call('ZREM', k.cases_closed, number)
  end
end

-- A failover can promote a replica that missed the last writes: the
-- branch's counters and offset go back below numbers already handed out.
-- The hub passes the highest it has seen (store/marks.go) as floors; a
-- counter at or below its floor moves past it, and history_lost starts a
-- new epoch (emit makes one) from at least the offset seen, so every screen
-- resyncs at its next event.
local function history_lost(k, offset_floor)
  redis.call('DEL', k.epoch)
  if tonumber(redis.call('GET', k.offset) or '0') < offset_floor then
    redis.call('SET', k.offset, offset_floor)
  end
end

-- check_history starts a new epoch when the offset is behind the floor.
local function check_history(k, offset_floor)
  if tonumber(redis.call('GET', k.offset) or '0') < offset_floor then
    history_lost(k, offset_floor)
  end
end

-- next_number increments a counter (a hash field when field is given),
-- moving past floor, and returns the new number.
local function next_number(k, key, field, floor, offset_floor)
  local n
  if field then n = redis.call('HINCRBY', key, field, 1) else n = redis.call('INCR', key) end
  if n <= floor then
    n = floor + 1
    if field then redis.call('HSET', key, field, n) else redis.call('SET', key, n) end
    history_lost(k, offset_floor)
  end
  return n
end

-- open_case numbers a new case "received", with its first timeline entry,
-- and indexes it. A ticket at the kiosk and a report made online both open
-- their case here. c holds the hash's fields; c.prefix is "QTF-2026-";
-- c.floor and c.offset_floor are the hub's marks (see history_lost). A
-- number whose case exists is never reused. k.caseseq is the year's
-- counter, k.phone the mobile number's cases.
local function open_case(k, c, actor, opened_text)
  local tag = branch_tag(k.caseseq)
  local number
  repeat
    number = c.prefix .. string.format('%06d', next_number(k, k.caseseq, nil, c.floor, c.offset_floor))
  until redis.call('EXISTS', tag .. 'c:' .. number) == 0 -- undeclared: named after the number assigned here
  local ckey = tag .. 'c:' .. number
  redis.call('HSET', ckey, -- undeclared: as above
    'number', number, 'branch', c.branch, 'service', c.service,
    'category', c.category, 'status', 'received', 'ticket', c.ticket, 'channel', c.channel,
    'phone', c.phone, 'lang', c.lang, 'access', c.access, 'created_at', c.now,
    'updated_at', c.now, 'created_ms', c.now_ms)
  if c.description ~= '' then redis.call('HSET', ckey, 'description', c.description) end -- undeclared: as above
  if c.location ~= '' then redis.call('HSET', ckey, 'location', c.location) end -- undeclared: as above
  if c.details and c.details ~= '' then redis.call('HSET', ckey, 'details', c.details) end -- undeclared: as above
  redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = c.now, kind = 'opened', actor = actor, -- undeclared: as above
    status = 'received', public = true, text = opened_text}))
  redis.call('ZADD', k.cases, c.now_ms, number)
  redis.call('ZADD', k.cases_open, c.now_ms, number)
  index_case(k, number, c.now_ms, c.service, 'received')
  if c.phone ~= '' then redis.call('SADD', k.phone, number) end
  return number
end

-- inbox_keys are the back office's indexes a case belongs in (docs/office.md):
-- while open and held by a department, that department's cases, and either
-- its unassigned ones or its assignee's. A set of key names.
local function inbox_keys(tag, department, assignee, open)
  local keys = {}
  if department == '' or not open then return keys end
  keys[tag .. 'dept:' .. department] = true
  if assignee == '' then
    keys[tag .. 'dept:' .. department .. ':unassigned'] = true
  else
    keys[tag .. 'assigned:' .. assignee] = true
  end
  return keys
end

-- reindex moves a case from the indexes it was in to those it belongs in
-- now, in the same script as the change.
local function reindex(number, score, before, after)
  for index in pairs(before) do
    if not after[index] then redis.call('ZREM', index, number) end -- undeclared: inbox_keys, named after the case's department and assignee
  end
  for index in pairs(after) do
    if not before[index] then redis.call('ZADD', index, score, number) end -- undeclared: as above
  end
end

-- booking_view is a booking hash as protocol.Booking's JSON: the mobile
-- number and the internal times left out.
local function booking_view(b)
  return {id = b.id, branch = b.branch, service = b.service, slot = b.slot, minutes = tonumber(b.minutes),
    state = b.state, case = b.case, notes = b.notes ~= '' and b.notes or nil, created_at = b.created_at}
end
