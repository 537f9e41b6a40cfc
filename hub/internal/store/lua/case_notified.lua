-- case_notified: records on a case's timeline that a message was sent to
-- the citizen (or could not be). Internal: the citizen got the message
-- itself. No event: nothing a screen shows changes.
-- KEYS[1] any key of the branch (routes the script; all keys share its tag)
local tag    = ARGV[1]
local number = ARGV[2]
local now    = ARGV[3]
local text   = ARGV[4]

local ckey = tag .. 'c:' .. number
local status = redis.call('HGET', ckey, 'status')
if not status then fail('not_found', 'unknown_case') end
redis.call('RPUSH', ckey .. ':tl', cjson.encode({at = now, kind = 'notified', actor = 'notifier',
  text = text, status = status, public = false}))
return number
