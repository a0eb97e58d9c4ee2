"""Lua for the Redis signal backend: each update is one script, so one round trip, atomic.

The arithmetic mirrors state_memory.py line for line (decay, EWMA, template clusters,
union-find); tests/integration/test_signal_backends.py runs one suite over both.
64-bit SimHashes travel as two unsigned 32-bit halves: Redis' Lua has doubles and a
32-bit `bit` library.
"""

# ruff: noqa: E501  (Lua source: lines follow Lua, not Python, layout)

from __future__ import annotations

_DECAY = """
local function decayf(dt, hl) if dt > 0 then return 0.5 ^ (dt / hl) end return 1 end
local function fmt(x) return string.format('%.17g', x) end
"""

# Bits set in a 32-bit half of a SimHash (values up to 2^32 - 1 wrap to int32 first).
_POPCOUNT = """
local function pop(x)
  x = bit.tobit(x)
  local n = 0
  while x ~= 0 do x = bit.band(x, x - 1); n = n + 1 end
  return n
end
"""

# Account fields: t req pt ct set sat eli pro sgl tpl s la gm gv gn lang tp piv k0..k5 sl;
# hours h0..h23. c[11] is piv (requests to a new model), c[12..17] the capability counts.
_ACCOUNT_LOAD = (
    _DECAY
    + """
local k = KEYS[1]
local now, hl, hlc, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local f = redis.call('HMGET', k, 't','req','pt','ct','set','sat','eli','pro','sgl','tpl','s','la','gm','gv','gn','lang','tp',
  'piv','k0','k1','k2','k3','k4','k5','sl')
local t = tonumber(f[1]) or now
local dt = now - t
local d, ds = decayf(dt, hl), decayf(dt, hlc)
if dt < 0 then t = t else t = now end
local c = {}
for i = 2, 10 do c[i] = (tonumber(f[i]) or 0) * d end
for i = 11, 17 do c[i] = (tonumber(f[i + 7]) or 0) * d end
local s = (tonumber(f[11]) or 0) * ds
local sl = (tonumber(f[25]) or 0) * ds
local tp = {}
for hh, hl_, th, tl, n, ts in string.gmatch(f[17] or '', '(%d+):(%d+):(%d+):(%d+):([^:]+):([^;]+);') do
  tp[#tp + 1] = {tonumber(hh), tonumber(hl_), tonumber(th), tonumber(tl), tonumber(n), tonumber(ts) * ds}
end
local function save()
  local parts = {}
  for i, e in ipairs(tp) do
    parts[i] = string.format('%d:%d:%d:%d:%s:%s;', e[1], e[2], e[3], e[4], fmt(e[5]), fmt(e[6]))
  end
  redis.call('HSET', k, 't', fmt(t), 'req', fmt(c[2]), 'pt', fmt(c[3]), 'ct', fmt(c[4]), 'set', fmt(c[5]),
    'sat', fmt(c[6]), 'eli', fmt(c[7]), 'pro', fmt(c[8]), 'sgl', fmt(c[9]), 'tpl', fmt(c[10]), 's', fmt(s),
    'tp', table.concat(parts), 'piv', fmt(c[11]), 'k0', fmt(c[12]), 'k1', fmt(c[13]), 'k2', fmt(c[14]),
    'k3', fmt(c[15]), 'k4', fmt(c[16]), 'k5', fmt(c[17]), 'sl', fmt(sl))
  redis.call('EXPIRE', k, ttl)
end
"""
)

ACCOUNT_OBSERVE = (
    _ACCOUNT_LOAD
    + _POPCOUNT
    + """
-- ARGV[23] the logit_bias token set ('0': none), ARGV[24] the probing to book when the
-- account used that set before, ARGV[25] how many sets it remembers (field 'lb').
-- Also returned: how many distinct sets it remembers (after this request's).
local bias_known, probing, sets = 0, tonumber(ARGV[7]), {}
for d in string.gmatch(redis.call('HGET', k, 'lb') or '', '[^,]+') do
  if d == ARGV[23] then bias_known = 1 else sets[#sets + 1] = d end  -- no set is '0'
end
local bias_sets = #sets + bias_known
if bias_known == 1 then
  probing = tonumber(ARGV[24])
elseif ARGV[23] ~= '0' then
  sets[#sets + 1] = ARGV[23]
  while #sets > tonumber(ARGV[25]) do table.remove(sets, 1) end
  redis.call('HSET', k, 'lb', table.concat(sets, ','))
  bias_sets = #sets
end
c[2] = c[2] + 1
c[3] = c[3] + tonumber(ARGV[5])
c[7] = c[7] + tonumber(ARGV[6])
c[8] = c[8] + probing
c[9] = c[9] + tonumber(ARGV[8])
c[11] = c[11] + tonumber(ARGV[21])
local cap = tonumber(ARGV[22])
if cap < 6 then c[12 + cap] = c[12 + cap] + 1 end
local focus = c[12]
for i = 13, 17 do if c[i] > focus then focus = c[i] end end
local la, gm, gv, gn = tonumber(f[12]), tonumber(f[13]) or 0, tonumber(f[14]) or 0, tonumber(f[15]) or 0
local alpha = tonumber(ARGV[19])
if la then
  local gap = now - la
  if gap < 0 then gap = 0 end
  if gn == 0 then gm = gap; gv = gap * gap
  else gm = gm + alpha * (gap - gm); gv = gv + alpha * (gap * gap - gv) end
  gn = gn + 1
end
local hv = redis.call('HINCRBY', k, 'h' .. ARGV[12], 1)
local hfields = {}
for i = 0, 23 do hfields[i + 1] = 'h' .. i end
if hv > tonumber(ARGV[20]) then
  local hs = redis.call('HMGET', k, unpack(hfields))
  for i = 1, 24 do redis.call('HSET', k, hfields[i], math.floor((tonumber(hs[i]) or 0) / 2)) end
end
local hours = redis.call('HMGET', k, unpack(hfields))
for i = 1, 24 do hours[i] = hours[i] or '0' end
redis.call('PFADD', KEYS[2], ARGV[10])
redis.call('PFADD', KEYS[3], ARGV[11])
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('EXPIRE', KEYS[3], ttl)
local lang = bit.bor(tonumber(f[16]) or 0, tonumber(ARGV[9]))
local hh, hl_, th, tl = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15]), tonumber(ARGV[16])
local mb, slots = tonumber(ARGV[17]), tonumber(ARGV[18])
local entry, matched = nil, 0
for _, e in ipairs(tp) do
  if pop(bit.bxor(e[1], hh)) + pop(bit.bxor(e[2], hl_)) <= mb
     or pop(bit.bxor(e[3], th)) + pop(bit.bxor(e[4], tl)) <= mb then
    e[5] = e[5] + 1
    entry, matched = e, 1
    break
  end
end
if entry then
  c[10] = c[10] + 1
else
  entry = {hh, hl_, th, tl, 1, 0}
  if #tp < slots then
    tp[#tp + 1] = entry
  else
    local v = 1
    for i = 2, #tp do if tp[i][5] < tp[v][5] then v = i end end
    tp[v] = entry
  end
end
save()
redis.call('HSET', k, 'la', fmt(now), 'gm', fmt(gm), 'gv', fmt(gv), 'gn', gn, 'lang', lang)
local counts, best = {}, 0
for i, e in ipairs(tp) do
  counts[i] = fmt(e[5])
  if e[6] > best then best = e[6] end
end
return {fmt(c[2]), fmt(c[3]), fmt(c[4]), fmt(c[5]), fmt(c[6]), fmt(c[7]), fmt(c[8]), fmt(c[9]), fmt(c[10]),
  tostring(matched), string.format('%d:%d:%d:%d', entry[1], entry[2], entry[3], entry[4]), fmt(entry[5]),
  table.concat(counts, ','), fmt(best), fmt(s), fmt(gm), fmt(gv), tostring(gn), table.concat(hours, ','),
  tostring(redis.call('PFCOUNT', KEYS[2])), tostring(redis.call('PFCOUNT', KEYS[3])), tostring(lang),
  fmt(c[11]), fmt(focus), fmt(sl), tostring(bias_known), tostring(bias_sets)}
"""
)

ACCOUNT_SETTLE = (
    _ACCOUNT_LOAD
    + """
if not f[1] then return 0 end
c[4] = c[4] + tonumber(ARGV[5])
c[5] = c[5] + 1
c[6] = c[6] + tonumber(ARGV[6])
local inc = tonumber(ARGV[7])
s = math.max(0, s + inc)
sl = math.max(0, sl + tonumber(ARGV[10]))
local rh, rl = tonumber(ARGV[8]), tonumber(ARGV[9])
for _, e in ipairs(tp) do
  if e[1] == rh and e[2] == rl then e[6] = math.max(0, e[6] + inc); break end
end
save()
return 1
"""
)

_UNION_FIND = (
    _DECAY
    + """
local base = KEYS[1]
local function pkey(a) return base .. ':p:' .. a end
local function ckey(a) return base .. ':c:' .. a end
local function find(a)
  local node = a
  for _ = 1, 64 do
    local p = redis.call('GET', pkey(node))
    if (not p) or p == node then break end
    node = p
  end
  if node ~= a and redis.call('EXISTS', pkey(a)) == 1 then redis.call('SET', pkey(a), node, 'EX', TTL) end
  -- The root's entry lives while its component is used (a no-op once it is gone):
  -- left to lapse, the root re-registered alone 8 days in and the campaign fell apart.
  redis.call('EXPIRE', pkey(node), TTL)
  return node
end
local function load(root)
  local v = redis.call('HMGET', ckey(root), 't', 'm', 's', 'r', 'ct')
  if not v[1] then return nil end
  local dt = NOW - tonumber(v[1])
  local d, ds = decayf(dt, HL), decayf(dt, HLC)
  local t = tonumber(v[1])
  if dt > 0 then t = NOW end
  return {t = t, m = tonumber(v[2]), s = tonumber(v[3]) * ds, r = tonumber(v[4]) * d, ct = tonumber(v[5]) * d}
end
local function store(root, cp)
  redis.call('HSET', ckey(root), 't', fmt(cp.t), 'm', cp.m, 's', fmt(cp.s), 'r', fmt(cp.r), 'ct', fmt(cp.ct))
  redis.call('EXPIRE', ckey(root), TTL)
end
"""
)

CROSS_OBSERVE = (
    """
local NOW, TTL, HL, HLC = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[10]), tonumber(ARGV[11])
"""
    + _UNION_FIND
    + _POPCOUNT
    + """
local acct, publish, eligible, subnet = ARGV[1], ARGV[4] == '1', ARGV[5] == '1', ARGV[6]
-- Model first-seen table: hash model -> first seen, zset model -> last seen; at most
-- ARGV[14] names, those idle for TTL dropped when it is full; hash field '' holds when the
-- table started: models first seen within ARGV[15] s of it are established (state_memory).
local model, first = ARGV[13], ''
if model ~= '' then
  local mf, ml = base .. ':mf', base .. ':ml'
  first = redis.call('HGET', mf, model)
  if not first then
    local cap = tonumber(ARGV[14])
    if redis.call('ZCARD', ml) >= cap then
      local stale = redis.call('ZRANGEBYSCORE', ml, '-inf', '(' .. fmt(NOW - TTL))
      for i = 1, #stale, 500 do
        local part = {unpack(stale, i, math.min(i + 499, #stale))}
        redis.call('ZREM', ml, unpack(part))
        redis.call('HDEL', mf, unpack(part))
      end
    end
    if redis.call('ZCARD', ml) < cap then
      first = fmt(NOW)
      redis.call('HSETNX', mf, '', first)
      redis.call('HSET', mf, model, first)
    else
      first = ''
    end
  end
  if first ~= '' then redis.call('ZADD', ml, fmt(NOW), model) end
  redis.call('EXPIRE', mf, TTL)
  redis.call('EXPIRE', ml, TTL)
  if first ~= '' and tonumber(first) < tonumber(redis.call('HGET', mf, '')) + tonumber(ARGV[15]) then
    first = ''
  end
end
-- ARGV[16..19] the request's head and tail halves; ARGV[20] MATCH_BITS, ARGV[21] the
-- first tail band value (bands link when published by an eligible account); ARGV[22..24]
-- the prompt's digest ('0': none), the length of a day of senders, how many a day; ARGV[25..29] the
-- request's shape ('0': none), '1' when the account is a suspect of it, the cohort's
-- window and cap, the length of a day of users (state_memory._book_suspect and
-- _book_user); the bands from ARGV[30].
local FIRST_BAND = 30
local cu = 0
if ARGV[25] ~= '0' then
  local day_s = tonumber(ARGV[29])
  local day = math.floor(NOW / day_s)
  local uk = base .. ':hu:' .. ARGV[25] .. ':'
  redis.call('PFADD', uk .. day, acct)
  redis.call('EXPIRE', uk .. day, 2 * day_s)
  if ARGV[26] == '1' then
    cu = math.max(redis.call('PFCOUNT', uk .. day), redis.call('PFCOUNT', uk .. (day - 1)))
  end
end
local ca = 0
if ARGV[26] == '1' then
  local hk, window, ccap = base .. ':h:' .. ARGV[25], tonumber(ARGV[27]), tonumber(ARGV[28])
  redis.call('ZADD', hk, fmt(NOW), acct)
  redis.call('ZREMRANGEBYSCORE', hk, '-inf', '(' .. fmt(NOW - window))
  ca = redis.call('ZCARD', hk)
  if ca > ccap then
    redis.call('ZREMRANGEBYRANK', hk, 0, ca - ccap - 1)
    ca = ccap
  end
  redis.call('EXPIRE', hk, window)
end
-- A prompt's senders of a day are one field (the digest) of that day's hash for the
-- digest's last five digits: 100,000 hashes a day hold 50 million prompts in Redis'
-- compact listpack encoding (512 entries a hash by default), where a key and a set per
-- prompt cost ~300 bytes each (bench/prompt_memory.py).
-- Senders are NUL-separated (state_memory._book_prompt).
local pa = 0
if ARGV[22] ~= '0' then
  local day_s, pcap = tonumber(ARGV[23]), tonumber(ARGV[24])
  local day = math.floor(NOW / day_s)
  local field, bucket = ARGV[22], ':' .. string.sub(ARGV[22], -5)
  local tk = base .. ':qd:' .. day .. bucket
  local today = redis.call('HGET', tk, field) or ''
  local before = redis.call('HGET', base .. ':qd:' .. (day - 1) .. bucket, field) or ''
  local seen, mine, n = {}, false, 0
  for who in string.gmatch(today, '[^%z]+') do
    n = n + 1
    if who == acct then mine = true end
    seen[who] = true
  end
  for who in string.gmatch(before, '[^%z]+') do seen[who] = true end
  seen[acct] = nil
  for _ in pairs(seen) do pa = pa + 1 end
  if pa > pcap then pa = pcap end
  if not mine and n < pcap then
    redis.call('HSET', tk, field, today == '' and acct or (today .. '\\0' .. acct))
    redis.call('EXPIRE', tk, 2 * day_s)
  end
end
-- A band counts a template's accounts only for an edge within MATCH_BITS of the edge that
-- first published it ('high:low' under ':fe:'), which lives and lapses with the band's
-- HyperLogLog (state_memory.observe_cross).
local function edge_of(band)
  if tonumber(band) >= tonumber(ARGV[21]) then return ARGV[18], ARGV[19] end
  return ARGV[16], ARGV[17]
end
local fa = 0
for i = FIRST_BAND, #ARGV do
  local key, rkey = base .. ':f:' .. ARGV[i], base .. ':fe:' .. ARGV[i]
  local eh, el = edge_of(ARGV[i])
  local rep = redis.call('GET', rkey)
  local near = false
  if rep then
    local rh, rl = string.match(rep, '^(%d+):(%d+)$')
    near = pop(bit.bxor(tonumber(rh), tonumber(eh))) + pop(bit.bxor(tonumber(rl), tonumber(el))) <= tonumber(ARGV[20])
  elseif publish then
    redis.call('DEL', key)
    redis.call('SET', rkey, eh .. ':' .. el, 'EX', TTL)
    near = true
  end
  if near then
    if publish then
      redis.call('PFADD', key, acct)
      redis.call('EXPIRE', key, TTL)
      redis.call('EXPIRE', rkey, TTL)
    end
    local n = redis.call('PFCOUNT', key)
    if n > fa then fa = n end
  end
end
local skey = base .. ':s:' .. subnet
redis.call('PFADD', skey, acct)
redis.call('EXPIRE', skey, TTL)
local sa = redis.call('PFCOUNT', skey)
local function union(a, b)
  local ra, rb = find(a), find(b)
  if ra == rb then return end
  local ca, cb = load(ra), load(rb)
  if not ca or not cb then return end
  if ca.m < cb.m then ra, rb, ca, cb = rb, ra, cb, ca end
  ca.m = ca.m + cb.m
  ca.s = ca.s + cb.s
  ca.r = ca.r + cb.r
  ca.ct = ca.ct + cb.ct
  store(ra, ca)
  redis.call('DEL', ckey(rb))
  redis.call('SET', pkey(rb), ra, 'EX', TTL)
end
-- A shared band is a candidate; the link needs the edge within MATCH_BITS of the anchor's
-- (state_memory._link_bands). Anchors hold 'high:low:account' of the first edge.
local function link_bands()
  local mb = tonumber(ARGV[20])
  for i = FIRST_BAND, #ARGV do
    local eh, el = edge_of(ARGV[i])
    local key = base .. ':fv:' .. ARGV[i]
    local v = redis.call('GET', key)
    local ah, al, anchor = eh, el, acct
    if v then
      ah, al, anchor = string.match(v, '^(%d+):(%d+):(.*)$')
    else
      redis.call('SET', key, eh .. ':' .. el .. ':' .. acct, 'EX', TTL)
    end
    if anchor ~= acct and redis.call('EXISTS', pkey(anchor)) == 1
       and pop(bit.bxor(tonumber(ah), tonumber(eh))) + pop(bit.bxor(tonumber(al), tonumber(el))) <= mb then
      union(acct, anchor)
    end
  end
end
if eligible then
  if redis.call('EXISTS', pkey(acct)) == 0 then
    redis.call('SET', pkey(acct), acct, 'EX', TTL)
    store(acct, {t = NOW, m = 1, s = tonumber(ARGV[7]), r = tonumber(ARGV[8]), ct = tonumber(ARGV[9])})
  end
  if publish then link_bands() end
  if ARGV[12] == '1' then
    local key = base .. ':sa:' .. subnet
    local anchor = redis.call('GET', key)
    if not anchor then
      redis.call('SET', key, acct, 'EX', TTL)
      anchor = acct
    end
    if anchor ~= acct and redis.call('EXISTS', pkey(anchor)) == 1 then union(acct, anchor) end
  end
end
local unlinked = {tostring(fa), tostring(sa), '', '0', '0', '0', '0', first, tostring(pa), tostring(ca), tostring(cu)}
if redis.call('EXISTS', pkey(acct)) == 0 then return unlinked end
local root = find(acct)
local cp = load(root)
if not cp then return unlinked end
store(root, cp)
return {tostring(fa), tostring(sa), root, tostring(cp.m), fmt(cp.s), fmt(cp.r), fmt(cp.ct), first, tostring(pa),
  tostring(ca), tostring(cu)}
"""
)

CAMPAIGN_SETTLE = (
    """
local NOW, TTL, HL, HLC = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
"""
    + _UNION_FIND
    + """
local root = ARGV[1]
if redis.call('EXISTS', pkey(root)) == 1 then root = find(root) end
local cp = load(root)
if not cp then return 0 end
cp.s = math.max(0, cp.s + tonumber(ARGV[6]))
cp.r = cp.r + 1
cp.ct = cp.ct + tonumber(ARGV[7])
store(root, cp)
return 1
"""
)

CAMPAIGN_OF = (
    """
local NOW, TTL, HL, HLC = 0, tonumber(ARGV[2]), 1, 1
"""
    + _UNION_FIND
    + """
if redis.call('EXISTS', pkey(ARGV[1])) == 0 then return false end
local root = find(ARGV[1])
local m = tonumber(redis.call('HGET', ckey(root), 'm') or '0')
if m >= 2 then return root end
return false
"""
)
