-- Reply: (r, p, c) of each window, after pruning.

local reply = {}
for w = 1, 3 do
  local st = load(w, bucket_of(NOW, w))
  for j = 1, 3 do reply[#reply + 1] = st.tot[j] end
end
return reply
