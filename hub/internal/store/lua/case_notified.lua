-- case_notified: records on a case's timeline that a message was sent to
-- the citizen (or could not be). Internal: the citizen got the message
-- itself. No event: nothing a screen shows changes.
local k = named_keys{
  'case',     -- KEYS[1] {b:<branch>}:c:<number>
  'timeline', -- KEYS[2] {b:<branch>}:c:<number>:tl
}
local a = named_args{'number', 'now', 'text'}

local status = redis.call('HGET', k.case, 'status')
if not status then fail('not_found', 'unknown_case') end
redis.call('RPUSH', k.timeline, cjson.encode({at = a.now, kind = 'notified', actor = 'notifier',
  text = a.text, status = status, public = false}))
return a.number
