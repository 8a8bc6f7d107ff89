-- Resets one budget after a successful authentication, but keeps a disable mark (only unlock clears it).
-- KEYS[1] account hash, ARGV[1] budget field
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw and string.sub(raw, -1) ~= '1' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
return 0
