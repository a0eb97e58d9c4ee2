-- ARGV[11..13]: cost (requests, prompt, expected completion);
-- ARGV[14..]: limits as triples (metric r|p|c|t, window 1..3, maximum).
-- Mirrors gateway/store/sliding.py:admit. Reply: {admitted, reserved completion,
-- (r, p, c, hi) of each window before booking (hi after), #failing, failing limit
-- indexes (0-based)..., then (window, HGETALL) of each failing limit's window}.

local cost = {tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])}

local function amount(t, m)
  if m == 'r' then return t[1] elseif m == 'p' then return t[2] elseif m == 'c' then return t[3] end
  return t[2] + t[3]
end

local function prompt_need(m)
  if m == 'r' then return cost[1] elseif m == 'p' or m == 't' then return cost[2] end
  return 0
end

-- A generating request needs one completion token of room (sliding.py:own_need).
local function own_need(m)
  local need = prompt_need(m)
  if (m == 't' or m == 'c') and cost[3] > 0 then need = need + 1 end
  return need
end

local st, before = {}, {}
for w = 1, 3 do
  st[w] = load(w, bucket_of(NOW, w))
  before[w] = {st[w].tot[1], st[w].tot[2], st[w].tot[3]}
end

local failing, failing_windows, room = {}, {}, nil
for i = 14, #ARGV, 3 do
  local m, w, maximum = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local used = amount(before[w], m)
  if used + own_need(m) > maximum then
    failing[#failing + 1] = (i - 14) / 3
    failing_windows[w] = true
  end
  if m == 't' or m == 'c' then
    local left = maximum - used - prompt_need(m)
    if room == nil or left < room then room = left end
  end
end

local reserved = 0
if #failing == 0 then
  reserved = cost[3]
  if room ~= nil and room < reserved then reserved = room end
  if reserved < 0 then reserved = 0 end
  for w = 1, 3 do
    add(st[w], {cost[1], cost[2], reserved})
  end
end

local reply = {#failing == 0 and 1 or 0, reserved}
for w = 1, 3 do
  for j = 1, 3 do reply[#reply + 1] = before[w][j] end
  reply[#reply + 1] = st[w].hi or false
end
reply[#reply + 1] = #failing
for _, i in ipairs(failing) do reply[#reply + 1] = i end
for w = 1, 3 do
  if failing_windows[w] then
    reply[#reply + 1] = w
    reply[#reply + 1] = redis.call('HGETALL', KEYS[w])
  end
end
return reply
