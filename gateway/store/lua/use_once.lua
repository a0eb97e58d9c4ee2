-- KEYS[1]: the nonce key; ARGV[1]: now; ARGV[2]: expiry ts; ARGV[3]: ttl in ms.
-- Like SET NX PX, but "seen" means an expiry later than `now`, so replay with
-- simulated time behaves like live traffic; PX only collects garbage.

local seen = redis.call('GET', KEYS[1])
if seen and tonumber(seen) > tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
