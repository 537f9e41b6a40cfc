-- ticket_transfer: a desk sends its visitor back to the shared queue, to
-- another desk, or to a named officer. The ticket keeps its number and its
-- place (its original score), so the visitor is never sent to the back of
-- the line. An officer's queue is "deskq:@<username>", listed in the
-- branch's "desks" set like a desk's, so every count of the waiting sees it.
local tag        = ARGV[1]
local branch     = ARGV[2]
local id         = ARGV[3]
local to_desk    = ARGV[4]   -- '' = back to the shared queue (or to_officer)
local to_officer = ARGV[5]   -- '' = not to an officer
local note       = ARGV[6]
local actor      = ARGV[7]
local now        = ARGV[8]
local idem_key   = ARGV[9]
local fingerprint = ARGV[10]
local idem_ms    = ARGV[11]
local max_events = ARGV[12]

local done = idem_check(idem_key, fingerprint)
if done then return done end

local tkey = tag .. 't:' .. id
local t = hash_table(tkey)
if not t then fail('not_found', 'unknown_ticket') end
if t.state ~= 'called' and t.state ~= 'serving' then fail('invalid_state', 'ticket_not_active') end
local dkey = tag .. 'desk:' .. t.desk
local desk = hash_table(dkey)
if not desk or desk.officer ~= actor or desk.ticket ~= id then fail('forbidden', 'ticket_not_at_desk') end
if to_desk == t.desk then fail('invalid_state', 'same_desk') end
if to_officer == actor then fail('invalid_state', 'same_officer') end

redis.call('HSET', dkey, 'ticket', '')
redis.call('HSET', tkey, 'state', 'waiting', 'desk', to_desk, 'officer', to_officer, 'calls', 0, 'note', note)
redis.call('HDEL', tkey, 'called_at', 'called_ms', 'served_at')
local queue = to_desk
if to_officer ~= '' then queue = '@' .. to_officer end
if queue == '' then
  redis.call('ZADD', tag .. 'waiting', t.score, id)
else
  redis.call('SADD', tag .. 'desks', queue)
  redis.call('ZADD', tag .. 'deskq:' .. queue, t.score, id)
end

local ticket = ticket_view(hash_table(tkey))
emit(tag_keys(tag), branch, {type = 'ticket.transferred', at = now, actor = actor, ticket = ticket,
  desk = desk_view(hash_table(dkey))}, max_events)
return idem_save(idem_key, fingerprint, cjson.encode(ticket), idem_ms)
