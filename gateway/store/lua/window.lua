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

-- Window w after its stale buckets are deleted (totals kept equal to the sum).
local function load(w)
  local key = KEYS[w]
  local oldest = oldest_live(w)
  local h = redis.call('HMGET', key, 'lo', 'hi', 'r', 'p', 'c')
  local st = {key = key, w = w, lo = tonumber(h[1]), hi = tonumber(h[2]),
              tot = {tonumber(h[3]) or 0, tonumber(h[4]) or 0, tonumber(h[5]) or 0}}
  if st.lo == nil or st.lo >= oldest then
    return st
  end
  if st.hi == nil or st.hi < oldest then
    redis.call('DEL', key)
    st.lo, st.hi, st.tot = nil, nil, {0, 0, 0}
    return st
  end
  local stale = {}
  if oldest - st.lo <= SPAN[w].lag + 1 then
    for i = st.lo, oldest - 1 do
      stale[#stale + 1] = i
    end
  else
    -- Simulated time jumped far ahead: scanning the fields beats counting indexes.
    local seen = {}
    for _, f in ipairs(redis.call('HKEYS', key)) do
      local i = tonumber(string.match(f, '^(%-?%d+):'))
      if i and i < oldest and not seen[i] then
        seen[i] = true
        stale[#stale + 1] = i
      end
    end
  end
  local gone = {0, 0, 0}
  for _, i in ipairs(stale) do
    local r, p, c = i .. ':r', i .. ':p', i .. ':c'
    local v = redis.call('HMGET', key, r, p, c)
    for j = 1, 3 do
      gone[j] = gone[j] + (tonumber(v[j]) or 0)
    end
    redis.call('HDEL', key, r, p, c)
  end
  for j = 1, 3 do
    if gone[j] ~= 0 then
      st.tot[j] = redis.call('HINCRBY', key, FIELDS[j], -gone[j])
    end
  end
  st.lo = oldest
  redis.call('HSET', key, 'lo', oldest)
  return st
end

-- Adds deltas {r, p, c} to bucket `index`; no counter goes below zero (a clear
-- between reserve and settle must not leave negative usage behind).
local function add(st, index, d)
  if d[1] == 0 and d[2] == 0 and d[3] == 0 then
    return
  end
  local key = st.key
  for j = 1, 3 do
    local dj = d[j]
    if dj ~= 0 then
      local f = index .. ':' .. FIELDS[j]
      local v = redis.call('HINCRBY', key, f, dj)
      if v < 0 then
        redis.call('HSET', key, f, 0)
        dj = dj - v
      end
      if dj ~= 0 then
        st.tot[j] = redis.call('HINCRBY', key, FIELDS[j], dj)
      end
    end
  end
  if st.lo == nil or index < st.lo then
    st.lo = index
    redis.call('HSET', key, 'lo', index)
  end
  if st.hi == nil or index > st.hi then
    st.hi = index
    redis.call('HSET', key, 'hi', index)
  end
  redis.call('EXPIRE', key, SPAN[st.w].ttl)
end
