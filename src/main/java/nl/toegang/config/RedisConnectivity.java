package nl.toegang.config;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Whether Redis serves this node now, on the shared connection: readiness and the outage module's Redis breaker ask
 * it. On a cluster every master must answer and the cluster must report {@code cluster_state:ok}: a key may live on
 * any master, so one unreachable master fails some logins. While Lettuce is disconnected the check fails at once
 * (commands are rejected, not queued); a server that does not answer fails it after two seconds.
 */
@Component
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisConnectivity {
    private static final long WAIT_SECONDS = 2;

    private final StatefulConnection<String, String> connection;

    public RedisConnectivity(StatefulConnection<String, String> connection) {
        this.connection = connection;
    }

    /**
     * The answer of one check.
     *
     * @param serving true when every command could be served now
     * @param masters the number of masters that answered (a cluster), or null (one server or Sentinel)
     */
    public record Answer(boolean serving, Integer masters) {
    }

    /** Checks Redis now; an exception means it cannot be reached (its text may name hosts: do not show it). */
    public Answer check() throws Exception {
        if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
            String info = cluster.async().clusterInfo().get(WAIT_SECONDS, TimeUnit.SECONDS);
            AsyncExecutions<String> pings = cluster.async().upstream().commands().ping();
            int masters = 0;
            boolean allPong = true;
            for (var node : pings.asMap().entrySet()) {
                masters++;
                allPong &= "PONG".equals(node.getValue().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return new Answer(info.contains("cluster_state:ok") && masters > 0 && allPong, masters);
        }
        String pong = ((StatefulRedisConnection<String, String>) connection).async().ping()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new Answer("PONG".equals(pong), null);
    }
}
