-- case_act: one action on a case. docs/cases.md has the state table; the
-- rule that matters most is here: a case is never resolved or closed
-- without a written response to the citizen on record.
--   update        open case; received -> in_progress, except by the citizen
--                 (adding the location of their own report)
--   note          any case; received -> in_progress; internal
--   respond       open case; received -> in_progress; a response
--   request_info  open case -> awaiting_citizen, with a future deadline
--   refer         open case -> referred, to a named department
--   resolve       open case -> resolved, with a response in the same call
--   close         not closed -> closed: a response on record or in the call;
--                 no_reply only when awaiting the citizen past the deadline
--   reopen        resolved or closed -> in_progress
--   citizen_reply open case; awaiting_citizen -> in_progress; text, photos
--                 or both
--   photos        open case; the citizen's photos of a report; no change
-- The back office (docs/office.md):
--   refer         also sets the department holding the case; unassigned
--   assign        a case a department holds, to one of its people
--   unassign      an assigned case back to the department's unassigned
--   return        a case a department holds back to the front office, with
--                 the findings (internal)
--   inspect       open case; a site visit: findings (text), and in arg a
--                 JSON {photos, location, public}; received -> in_progress
-- The inboxes (inbox_keys) are named after the department and assignee the
-- case holds, read from it, and are not declared.
local k = named_keys{
  'offset',       -- KEYS[1] {b:<branch>}:offset
  'epoch',        -- KEYS[2] {b:<branch>}:epoch
  'events',       -- KEYS[3] {b:<branch>}:events
  'live',         -- KEYS[4] {b:<branch>}:live (a channel)
  'waiting',      -- KEYS[5] {b:<branch>}:waiting
  'desks',        -- KEYS[6] {b:<branch>}:desks
  'idem',         -- KEYS[7] {b:<branch>}:idem:<principal>:<request-id>
  'case',         -- KEYS[8] {b:<branch>}:c:<number>
  'timeline',     -- KEYS[9] {b:<branch>}:c:<number>:tl
  'cases_open',   -- KEYS[10] {b:<branch>}:cases:open
  'cases_closed', -- KEYS[11] {b:<branch>}:cases:closed
}
-- arg is the deadline (RFC 3339), department, close reason, assignee, or
-- the citizen's photo keys (a JSON array); arg_ms the deadline in ms;
-- within the actor's department: only its cases exist for them, empty for
-- the front office; fields, for update, the field, value pairs to set.
local a = named_args{'branch', 'number', 'action', 'actor', 'desk', 'now', 'now_ms', 'text', 'arg',
  'arg_ms', 'fingerprint', 'idem_ms', 'max_events', 'within', 'fields'}
local tag = branch_tag(k.case)
local number, action, actor, desk, now, now_ms = a.number, a.action, a.actor, a.desk, a.now, a.now_ms
local text, arg, arg_ms, within = a.text, a.arg, a.arg_ms, a.within

local done = idem_check(k.idem, a.fingerprint)
if done then return done end

local c = hash_table(k.case)
if not c then fail('not_found', 'unknown_case') end
local department = c.department or ''
local assignee = c.assignee or ''
-- A department's people never learn of a case their department does not
-- hold: to them it does not exist.
if within ~= '' and department ~= within then fail('not_found', 'unknown_case') end
local status = c.status
local finished = status == 'resolved' or status == 'closed'
-- Acting on a case that was only received starts work on it.
local started = status
if status == 'received' then started = 'in_progress' end

local function must_be_open()
  if status == 'closed' then fail('invalid_state', 'case_closed') end
  if status == 'resolved' then fail('invalid_state', 'case_resolved') end
end
local function need_text()
  if text == '' then fail('bad_request', 'text_required') end
end

-- Check everything first; collect the entries and fields to write.
local entries = {}
local function entry(kind, t, public, photos, dept, location)
  entries[#entries + 1] = {kind = kind, text = t, public = public, photos = photos, department = dept,
    location = location}
end
-- The photo keys are stored with the entry in this same script: a reply is
-- never on record without its photos, nor photos without their reply.
local function photos_arg()
  if arg == '' then return nil end
  local keys = cjson.decode(arg)
  if #keys == 0 then return nil end
  return keys
end
local set = {}
local next_status = started

if action == 'update' then
  must_be_open()
  if #a.fields < 2 then fail('bad_request', 'nothing_to_update') end
  for i = 1, #a.fields, 2 do set[a.fields[i]] = a.fields[i + 1] end
  if actor == 'citizen' then next_status = status end
  entry('updated', text, true) -- text names the fields that changed
elseif action == 'note' then
  need_text()
  if finished then next_status = status end
  entry('note', text, false)
elseif action == 'respond' then
  must_be_open()
  need_text()
  entry('response', text, true)
elseif action == 'request_info' then
  must_be_open()
  need_text()
  if (tonumber(arg_ms) or 0) <= now_ms then fail('bad_request', 'deadline_in_past') end
  next_status = 'awaiting_citizen'
  set.info_deadline = arg
  set.info_deadline_ms = arg_ms
  entry('info_request', text, true)
elseif action == 'refer' then
  must_be_open()
  if arg == '' then fail('bad_request', 'department_required') end
  next_status = 'referred'
  -- A new department starts with nobody on it.
  set.department = arg
  set.assignee = ''
  entry('referred', text, true, nil, arg)
elseif action == 'resolve' then
  must_be_open()
  if text == '' then fail('response_required', 'no_response') end
  next_status = 'resolved'
  set.closed_at = now
  entry('response', text, true)
  entry('resolved', '', true)
elseif action == 'close' then
  if status == 'closed' then fail('invalid_state', 'case_closed') end
  if arg == 'no_reply' then
    -- "Not serious" is not a shortcut: the citizen was asked, and the
    -- time they were given is over.
    if status ~= 'awaiting_citizen' then fail('invalid_state', 'case_not_awaiting') end
    if now_ms <= (tonumber(c.info_deadline_ms) or 0) then fail('deadline_not_due', 'deadline_not_passed') end
  elseif arg ~= 'resolved' and arg ~= 'duplicate' and arg ~= 'withdrawn' then
    fail('bad_request', 'bad_close_reason')
  end
  if text == '' and c.responded ~= '1' then fail('response_required', 'no_response') end
  if text ~= '' then entry('response', text, true) end
  next_status = 'closed'
  -- closed_at is when the case was finished: closing a resolved case
  -- keeps the time of its resolution.
  if status ~= 'resolved' then set.closed_at = now end
  set.close_reason = arg
  entry('closed', arg, true)
elseif action == 'reopen' then
  if not finished then fail('invalid_state', 'case_open') end
  need_text()
  next_status = 'in_progress'
  set.responded = ''
  set.closed_at = ''
  set.close_reason = ''
  entry('reopened', text, true)
elseif action == 'citizen_reply' then
  must_be_open()
  local photos = photos_arg()
  if not photos then need_text() end
  if status == 'awaiting_citizen' then next_status = 'in_progress' else next_status = status end
  entry('citizen_reply', text, true, photos)
elseif action == 'photos' then
  must_be_open()
  local photos = photos_arg()
  if not photos then fail('bad_request', 'photos_required') end
  next_status = status
  entry('photos', '', true, photos)
elseif action == 'assign' then
  must_be_open()
  if department == '' then fail('invalid_state', 'case_not_referred') end
  if arg == '' then fail('bad_request', 'assignee_required') end
  next_status = status
  set.assignee = arg
  entry('assigned', arg, false, nil, department)
elseif action == 'unassign' then
  must_be_open()
  if assignee == '' then fail('invalid_state', 'case_not_assigned') end
  next_status = status
  set.assignee = ''
  entry('unassigned', assignee, false, nil, department)
elseif action == 'inspect' then
  must_be_open()
  need_text()
  local visit = cjson.decode(arg)
  local photos = nil
  if visit.photos and #visit.photos > 0 then photos = visit.photos end
  entry('inspection', text, visit.public == true, photos, department ~= '' and department or nil, visit.location)
elseif action == 'return' then
  must_be_open()
  if department == '' then fail('invalid_state', 'case_not_referred') end
  need_text()
  if status == 'referred' then next_status = 'in_progress' end
  set.department = ''
  set.assignee = ''
  entry('returned', text, false, nil, department)
else
  fail('bad_request', 'unknown_case_action')
end

-- Write.
if next_status ~= 'awaiting_citizen' then
  set.info_deadline = ''
  set.info_deadline_ms = ''
end
for _, e in ipairs(entries) do
  if e.kind == 'response' then
    set.responded = '1'
    if (c.first_reply_at or '') == '' then set.first_reply_at = now end
  end
end
set.status = next_status
set.updated_at = now
for field, v in pairs(set) do
  if v == '' then redis.call('HDEL', k.case, field) else redis.call('HSET', k.case, field, v) end
end

local desk_or_nil = nil
if desk ~= '' then desk_or_nil = desk end
for i, e in ipairs(entries) do
  local st = started
  if i == #entries then st = next_status end
  local t = nil
  if e.text ~= '' then t = e.text end
  redis.call('RPUSH', k.timeline, cjson.encode({at = now, kind = e.kind, actor = actor,
    desk = desk_or_nil, text = t, status = st, public = e.public, photos = e.photos,
    department = e.department, location = e.location}))
end

local department_after = set.department or department
local assignee_after = set.assignee or assignee
local open_after = next_status ~= 'resolved' and next_status ~= 'closed'
reindex(number, c.created_ms, inbox_keys(tag, department, assignee, not finished),
  inbox_keys(tag, department_after, assignee_after, open_after))

if next_status == 'resolved' or next_status == 'closed' then
  redis.call('ZREM', k.cases_open, number)
elseif finished then
  redis.call('ZADD', k.cases_open, c.created_ms, number)
end
-- Open311's indexes (by service, open or closed): the case as it is now.
index_case(k, number, c.created_ms, set.service or c.service, next_status, c.service)

-- The event says what changed, never the texts or the citizen's data: hall
-- displays subscribe too.
emit(k, a.branch, {type = 'case.changed', at = now, actor = actor, case = {number = number,
  status = next_status, service = set.service or c.service, category = set.category or c.category,
  entry = entries[#entries].kind, department = department_after ~= '' and department_after or nil}}, a.max_events)
return idem_save(k.idem, a.fingerprint, number, a.idem_ms)
