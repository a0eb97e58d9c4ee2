-- Shared prelude of reserve.lua, settle.lua and usage.lua (prepended at load time).
-- KEYS[1..3]: the account's window hashes (minute, hour, day), all in one slot.
-- ARGV[1]: now; ARGV[2..10]: bucket seconds, lag (W / bucket), ttl of each window.
-- A window hash holds bucket counters "<index>:r|p|c" (requests, prompt and
-- completion tokens), their running totals "r|p|c", and "lo"/"hi", the lowest and
-- highest bucket index present. gateway/store/memory.py mirrors this on dicts.

local NOW = tonumber(ARGV[1])
local SPAN = {}
for w = 1, 3 do
  local a = 2 + (w - 1) * 3
  SPAN[w] = {bucket = tonumber(ARGV[a]), lag = tonumber(ARGV[a + 1]), ttl = tonumber(ARGV[a + 2])}
end
local FIELDS = {'r', 'p', 'c'}

local function bucket_of(ts, w)
  return math.floor(ts / SPAN[w].bucket)
end

local function oldest_live(w)
  return bucket_of(NOW, w) - SPAN[w].lag
end

-- Window w after its stale buckets are deleted (totals kept equal to the sum), with
-- the counters of bucket `index` (nil when that bucket is stale: not to be written).
local function load(w, index)
  local key = KEYS[w]
  local oldest = oldest_live(w)
  local r, p, c = index .. ':r', index .. ':p', index .. ':c'
  local h = redis.call('HMGET', key, 'lo', 'hi', 'r', 'p', 'c', r, p, c)
  local st = {key = key, w = w, index = index, lo = tonumber(h[1]), hi = tonumber(h[2]),
              tot = {tonumber(h[3]) or 0, tonumber(h[4]) or 0, tonumber(h[5]) or 0},
              cur = {tonumber(h[6]) or 0, tonumber(h[7]) or 0, tonumber(h[8]) or 0}}
  if index < oldest then
    st.cur = nil
  end
  if st.lo == nil or st.lo >= oldest then
    return st
  end
  if st.hi == nil or st.hi < oldest then
    redis.call('DEL', key)
    st.lo, st.hi, st.tot = nil, nil, {0, 0, 0}
    if st.cur then st.cur = {0, 0, 0} end
    return st
  end
  local stale = {}
  if oldest - st.lo <= SPAN[w].lag + 1 then
    for i = st.lo, oldest - 1 do
      stale[#stale + 1] = i .. ':r'
      stale[#stale + 1] = i .. ':p'
      stale[#stale + 1] = i .. ':c'
    end
  else
    -- Simulated time jumped far ahead: scanning the fields beats counting indexes.
    for _, f in ipairs(redis.call('HKEYS', key)) do
      local i = tonumber(string.match(f, '^(%-?%d+):'))
      if i and i < oldest then
        stale[#stale + 1] = f
      end
    end
  end
  if #stale > 0 then
    local v = redis.call('HMGET', key, unpack(stale))
    for k = 1, #stale do
      local j = ({r = 1, p = 2, c = 3})[string.sub(stale[k], -1)]
      st.tot[j] = st.tot[j] - (tonumber(v[k]) or 0)
    end
    redis.call('HDEL', key, unpack(stale))
  end
  st.lo = oldest
  redis.call('HSET', key, 'lo', oldest, 'r', st.tot[1], 'p', st.tot[2], 'c', st.tot[3])
  return st
end

-- Adds deltas {r, p, c} to the loaded bucket in one HSET; no counter goes below
-- zero (a clear between reserve and settle must not leave negative usage behind).
local function add(st, d)
  if st.cur == nil or (d[1] == 0 and d[2] == 0 and d[3] == 0) then
    return
  end
  local fields = {}
  for j = 1, 3 do
    if d[j] ~= 0 then
      local value = st.cur[j] + d[j]
      local applied = d[j]
      if value < 0 then
        applied = applied - value
        value = 0
      end
      st.cur[j] = value
      st.tot[j] = st.tot[j] + applied
      fields[#fields + 1] = st.index .. ':' .. FIELDS[j]
      fields[#fields + 1] = value
      fields[#fields + 1] = FIELDS[j]
      fields[#fields + 1] = st.tot[j]
    end
  end
  if st.lo == nil or st.index < st.lo then
    st.lo = st.index
    fields[#fields + 1] = 'lo'
    fields[#fields + 1] = st.index
  end
  local newest = st.hi == nil or st.index > st.hi
  if newest then
    st.hi = st.index
    fields[#fields + 1] = 'hi'
    fields[#fields + 1] = st.index
  end
  redis.call('HSET', st.key, unpack(fields))
  -- Every bucket is stale one ttl after the newest one was opened, so the expiry
  -- only needs pushing back when a newer bucket opens (not on every write).
  if newest then
    redis.call('EXPIRE', st.key, SPAN[st.w].ttl)
  end
end
