-- ARGV[11]: the reservation's bucket_ts; ARGV[12..14]: deltas (r, p, c) to book there.
-- A window whose reservation bucket is already stale is left alone: it no longer counts.

local ts = tonumber(ARGV[11])
local d = {tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14])}
for w = 1, 3 do
  add(load(w, bucket_of(ts, w)), d)
end
return 1
