-- Sliding window of untrusted failures from one IP bucket; records one failure when ARGV[5] == '1'.
-- KEYS[1] zset of failures (score = time), KEYS[2] zset of accounts (score = last failure time); same hash tag.
-- ARGV[1] now ms, ARGV[2] window ms, ARGV[3] max failures, ARGV[4] max accounts, ARGV[5] record flag,
-- ARGV[6] account key, ARGV[7] unique member for this failure
-- Returns {failures, distinct accounts, last failure ms, blocked until ms (0 = not blocked)}
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local maxF = tonumber(ARGV[3])
local maxA = tonumber(ARGV[4])
local cutoff = now - window

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', cutoff)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', cutoff)
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[1], now, ARGV[7])
  -- only the newest maxF entries matter for the decision, so the sets stay bounded
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(maxF + 1))
  redis.call('ZADD', KEYS[2], 'GT', now, ARGV[6])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(maxA + 1))
  redis.call('PEXPIRE', KEYS[1], window)
  redis.call('PEXPIRE', KEYS[2], window)
end

local failures = redis.call('ZCARD', KEYS[1])
local accounts = redis.call('ZCARD', KEYS[2])
local blocked = 0
local last = 0
if failures > 0 then
  last = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
end
if failures >= maxF then
  blocked = tonumber(redis.call('ZRANGE', KEYS[1], failures - maxF, failures - maxF, 'WITHSCORES')[2]) + window
end
if accounts >= maxA then
  blocked = math.max(blocked, tonumber(redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2]) + window)
end
return {failures, accounts, last, blocked}
