-- desk_call_next: a desk calls the best waiting ticket. Tickets transferred
-- to this desk come first (their visit is already under way), then those
-- transferred to its officer, then the branch's shared queue in score order
-- (docs/queue.md).
local tag        = ARGV[1]
local branch     = ARGV[2]
local desk_id    = ARGV[3]
local officer    = ARGV[4]
local now        = ARGV[5]
local now_ms     = ARGV[6]
local idem_key   = ARGV[7]
local fingerprint = ARGV[8]
local idem_ms    = ARGV[9]
local max_events = ARGV[10]
local recent_max = tonumber(ARGV[11])

local done = idem_check(idem_key, fingerprint)
if done then return done end

local dkey = tag .. 'desk:' .. desk_id
local desk = hash_table(dkey)
if not desk or desk.state ~= 'open' then fail('invalid_state', 'desk_not_open') end
if desk.officer ~= officer then fail('forbidden', 'desk_not_held') end
if desk.ticket and desk.ticket ~= '' then fail('desk_busy', 'desk_busy') end

local queue, head
for _, q in ipairs({tag .. 'deskq:' .. desk_id, tag .. 'deskq:@' .. officer, tag .. 'waiting'}) do
  queue = q
  head = redis.call('ZRANGE', queue, 0, 0)
  if #head > 0 then break end
end
if #head == 0 then fail('queue_empty', 'queue_empty') end
local id = head[1]
redis.call('ZREM', queue, id)

local tkey = tag .. 't:' .. id
redis.call('HSET', tkey, 'state', 'called', 'desk', desk_id, 'officer', officer,
  'calls', 1, 'called_at', now, 'called_ms', now_ms)
redis.call('HSET', dkey, 'ticket', id)
redis.call('LREM', tag .. 'recent', 0, id) -- a transferred ticket is called again
redis.call('LPUSH', tag .. 'recent', id)
redis.call('LTRIM', tag .. 'recent', 0, recent_max - 1)

local ticket = ticket_view(hash_table(tkey))
emit(tag_keys(tag), branch, {type = 'ticket.called', at = now, actor = officer, ticket = ticket,
  desk = desk_view(hash_table(dkey))}, max_events)
return idem_save(idem_key, fingerprint, cjson.encode(ticket), idem_ms)
