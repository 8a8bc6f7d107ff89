package nl.toegang.config;

import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * Readiness includes Redis when Toegang keeps shared state there: without it, logins fail closed, so a load
 * balancer should send people to a node that can serve them.
 */
@Component("redis")
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisHealthIndicator extends AbstractHealthIndicator {
    private final StatefulRedisConnection<String, String> connection;

    public RedisHealthIndicator(StatefulRedisConnection<String, String> connection) {
        super("Redis health check failed");
        this.connection = connection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        String pong = connection.async().ping().get(2, TimeUnit.SECONDS);
        builder.status("PONG".equals(pong) ? org.springframework.boot.health.contributor.Status.UP
                : org.springframework.boot.health.contributor.Status.DOWN);
    }
}
