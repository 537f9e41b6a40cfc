-- account_write: writes an account hash only if it does not exist yet
-- ('create'), or only if it does ('update'), so two admins adding the same
-- username at once cannot both win, and revoking an unknown device does not
-- leave half an account behind.
local k = named_keys{
  'account', -- KEYS[1] device:<id>, user:<username> or apikey:<sha256>
}
-- mode is create or update; reason why it fails (username_taken,
-- device_id_taken, unknown_device, …); fields the field, value pairs.
local a = named_args{'mode', 'reason', 'fields'}

local exists = redis.call('EXISTS', k.account) == 1
if a.mode == 'create' and exists then fail('bad_request', a.reason) end
if a.mode == 'update' and not exists then fail('not_found', a.reason) end
redis.call('HSET', k.account, unpack(a.fields))
return 1
