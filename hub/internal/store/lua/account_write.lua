-- account_write: writes an account hash only if it does not exist yet
-- ('create'), or only if it does ('update'), so two admins adding the same
-- username at once cannot both win, and revoking an unknown device does not
-- leave half an account behind.
-- KEYS[1] the account key (device:<id> or user:<username>)
local mode   = ARGV[1] -- create | update
local reason = ARGV[2] -- why it fails: username_taken, device_id_taken, unknown_device
-- ARGV[3..] field, value pairs

local exists = redis.call('EXISTS', KEYS[1]) == 1
if mode == 'create' and exists then fail('bad_request', reason) end
if mode == 'update' and not exists then fail('not_found', reason) end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
return 1
