-- Applies one failure to one budget of an account atomically. Mirrors FailureState.afterFailure in Java.
-- KEYS[1]  account hash (all budgets of the account share one hash tag, so this stays Redis Cluster safe)
-- ARGV[1]  budget field, ARGV[2] now (epoch ms), ARGV[3] failuresBeforeLockout, ARGV[4] permanentDisableAt,
-- ARGV[5]  counterTtl ms, ARGV[6] disabledRetention ms, ARGV[7..] lockout waits ms (the last one repeats)
-- Field value: consecutive:sinceLockout:lockouts:lockedUntilMs:lastFailureMs:disabled
local key = KEYS[1]
local field = ARGV[1]
local now = tonumber(ARGV[2])
local lockAfter = tonumber(ARGV[3])
local disableAt = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
local retention = tonumber(ARGV[6])
local waitCount = #ARGV - 6

local function expiresAt(lockedUntil, last, disabled)
  if disabled == 1 then return last + retention end
  return math.max(last + ttl, lockedUntil)
end

local c, s, n, l, t, x = 0, 0, 0, 0, 0, 0
local raw = redis.call('HGET', key, field)
if raw then
  local a, b, d, e, f, g = string.match(raw, '^(%d+):(%d+):(%d+):(%d+):(%d+):([01])$')
  if not a then return redis.error_reply('corrupt throttle state in ' .. key) end
  c, s, n, l, t, x = tonumber(a), tonumber(b), tonumber(d), tonumber(e), tonumber(f), tonumber(g)
  if now >= expiresAt(l, t, x) then c, s, n, l, t, x = 0, 0, 0, 0, 0, 0 end
end

c = c + 1
local newLock, newDisable = 0, 0
-- failures racing in while locked count toward the cap but not toward the next lockout
if l <= now then
  s = s + 1
  if s >= lockAfter then
    n = n + 1
    l = now + tonumber(ARGV[6 + math.min(n, waitCount)])
    s = 0
    newLock = 1
  end
end
if x == 0 and c >= disableAt then
  x = 1
  newDisable = 1
end
t = now

redis.call('HSET', key, field, string.format('%d:%d:%d:%d:%d:%d', c, s, n, l, t, x))
-- the key lives as long as its longest-lived budget needs; never shorten it for a sibling budget
local need = expiresAt(l, t, x) - now
if redis.call('PTTL', key) < need then redis.call('PEXPIRE', key, need) end
return {c, s, n, l, t, x, newLock, newDisable}
