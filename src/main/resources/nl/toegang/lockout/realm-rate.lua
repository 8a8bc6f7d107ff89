-- Counts one failure in the realm's current fixed bucket and returns it with the previous bucket's count.
-- KEYS[1] current bucket, KEYS[2] previous bucket (same hash tag), ARGV[1] ttl ms (two windows)
local current = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local previous = tonumber(redis.call('GET', KEYS[2])) or 0
return {current, previous}
