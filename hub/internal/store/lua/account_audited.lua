-- account_audited: one change of an account (a device, a person or an
-- Open311 key) together with the audit entry recording it, so the log holds
-- the entry exactly when the change happened. 'create' writes the account
-- only if it does not exist yet, 'update' only if it does.
-- The enabled admins are kept in a set, changed here with the account: the
-- last one is refused disabling in the same step that would disable them,
-- so two admins disabling each other at once cannot leave none.
local k = named_keys{
  'account', -- KEYS[1] the account hash: {accounts}device:<id>, {accounts}user:<username> or {accounts}apikey:<hash>
  'admins',  -- KEYS[2] {accounts}admins, the enabled admins
  'audit',   -- KEYS[3] {accounts}audit, the audit log stream
}
-- reason: why the mode fails (username_taken, device_id_taken,
-- api_key_taken, unknown_user, unknown_device); fields: {field = value};
-- audit: {actor, addr, action, target, detail}; audit_min_id: entries older
-- than this stream id go (the log's retention).
local a = named_args{'mode', 'reason', 'fields', 'audit', 'audit_min_id'}

-- Redis does not undo a script that fails half-way: make sure the log can
-- take the entry before changing anything.
local log = redis.call('TYPE', k.audit).ok
if log ~= 'stream' and log ~= 'none' then fail('unavailable', 'audit_log_broken') end

local exists = redis.call('EXISTS', k.account) == 1
if a.mode == 'create' and exists then fail('bad_request', a.reason) end
if a.mode == 'update' and not exists then fail('not_found', a.reason) end

local role = a.fields.role or redis.call('HGET', k.account, 'role')
if role == 'admin' then
  local username = a.fields.username or redis.call('HGET', k.account, 'username')
  local disabled = a.fields.disabled_at
  if disabled and disabled ~= '' then
    if redis.call('SISMEMBER', k.admins, username) == 1 and redis.call('SCARD', k.admins) == 1 then
      fail('bad_request', 'last_admin')
    end
    redis.call('SREM', k.admins, username)
  elseif a.mode == 'create' or disabled == '' then
    redis.call('SADD', k.admins, username)
  end
end

local flat = {}
for field, value in pairs(a.fields) do
  flat[#flat + 1] = field
  flat[#flat + 1] = value
end
if #flat > 0 then redis.call('HSET', k.account, unpack(flat)) end

local e = a.audit
if e.action == '' then return 1 end -- a test's fixture: no one to audit
redis.call('XADD', k.audit, 'MINID', a.audit_min_id, '*', 'actor', e.actor, 'addr', e.addr,
  'action', e.action, 'target', e.target, 'detail', e.detail)
return 1
