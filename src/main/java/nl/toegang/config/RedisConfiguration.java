package nl.toegang.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client, created only when something stored in Redis is configured ({@code toegang.lockout.store=redis}).
 * Spring closes the connection and shuts the client down with the context, so tests that start and stop servers leak
 * no threads.
 *
 * <p>Outage behaviour (docs/operations.md): while the connection is down, commands are rejected at once instead of
 * queueing until their timeout, so a request fails fast with a 503 rather than holding a thread; Lettuce reconnects
 * in the background with a capped backoff ({@link RedisProperties#maxReconnectDelay()}), so the node recovers by
 * itself within seconds of Redis coming back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    ClientResources redisClientResources(RedisProperties properties) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), properties.maxReconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(RedisProperties properties, ClientResources resources) {
        RedisURI uri;
        if (properties.uri() != null && !properties.uri().isBlank()) {
            uri = RedisURI.create(properties.uri().trim());
        } else {
            uri = RedisURI.create(properties.host(), properties.port());
            if (properties.password() != null && !properties.password().isEmpty()) {
                uri.setPassword(properties.password().toCharArray());
            }
        }
        uri.setTimeout(properties.timeout());
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(clientOptions(properties));
        return client;
    }

    static ClientOptions clientOptions(RedisProperties properties) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                .build();
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }
}
