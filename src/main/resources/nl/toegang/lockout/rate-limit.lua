-- Sliding-window rate limit for one key (RedisRateLimiter).
-- KEYS[1] zset of event times (score = epoch millis)
-- ARGV[1] now millis, ARGV[2] window millis, ARGV[3] limit, ARGV[4] unique member for this event
-- Returns 1 when the event is recorded, 0 when the key already had `limit` events in the window.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return 1
