package nl.toegang.config;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Readiness includes Redis when Toegang keeps shared state there: without it, logins fail closed, so a load
 * balancer should send people to a node that can serve them. On a cluster every master must answer and the cluster
 * must report {@code cluster_state:ok}: a key may live on any master, so one unreachable master fails some logins.
 */
@Component("redis")
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisHealthIndicator extends AbstractHealthIndicator {
    private static final long WAIT_SECONDS = 2;

    private final StatefulConnection<String, String> connection;

    public RedisHealthIndicator(StatefulConnection<String, String> connection) {
        super("Redis health check failed");
        this.connection = connection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
            String info = cluster.async().clusterInfo().get(WAIT_SECONDS, TimeUnit.SECONDS);
            AsyncExecutions<String> pings = cluster.async().upstream().commands().ping();
            int masters = 0;
            boolean allPong = true;
            for (var node : pings.asMap().entrySet()) {
                masters++;
                allPong &= "PONG".equals(node.getValue().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            boolean ok = info.contains("cluster_state:ok") && masters > 0 && allPong;
            builder.status(ok ? Status.UP : Status.DOWN).withDetail("masters", masters);
            return;
        }
        String pong = ((StatefulRedisConnection<String, String>) connection).async().ping()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        builder.status("PONG".equals(pong) ? Status.UP : Status.DOWN);
    }
}
