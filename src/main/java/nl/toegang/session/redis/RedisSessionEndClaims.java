package nl.toegang.session.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.session.SessionEndClaims;
import nl.toegang.session.SessionIds;

import java.time.Duration;

/** One {@code SET NX} per ended session in the shared Redis: exactly one node wins, on any number of nodes. */
public class RedisSessionEndClaims implements SessionEndClaims {
    private static final Duration KEEP = Duration.ofHours(1);

    private final RedisClusterCommands<String, String> redis;
    private final String prefix;

    public RedisSessionEndClaims(RedisClusterCommands<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public boolean claim(String sessionId) {
        // The key holds the sid-style hash, never the session id itself (a bearer secret until the session is gone).
        String key = prefix + SessionIds.sid(sessionId);
        return "OK".equals(redis.set(key, "1", SetArgs.Builder.nx().ex(KEEP)));
    }
}
