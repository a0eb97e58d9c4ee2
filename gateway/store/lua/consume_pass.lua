-- KEYS[1]: the account's pass, "<requests left>:<expiry ts>"; ARGV[1]: now.
-- Expiry is checked against `now` (replay runs on simulated time); the key's own
-- TTL only collects garbage.

local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local sep = string.find(v, ':', 1, true)
local left = tonumber(string.sub(v, 1, sep - 1))
local expires = string.sub(v, sep + 1)
if left <= 0 or tonumber(expires) <= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return 0
end
if left == 1 then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], (left - 1) .. ':' .. expires, 'KEEPTTL')
end
return 1
