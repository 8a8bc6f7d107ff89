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
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce clients, created only when shared state lives in Redis ({@code toegang.lockout.store=redis}): a plain
 * connection for the Lua scripts of lockout, TOTP replay and SAML replay, and a Spring Data connection factory for
 * Spring Session. Both come from the same {@code toegang.redis.*} settings and share one {@link ClientResources};
 * a {@code redis-sentinel://} URI selects Sentinel for both. Spring closes connections and shuts clients down with
 * the context, so tests that start and stop servers leak no threads.
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
        RedisClient client = RedisClient.create(resources, uri(properties));
        client.setOptions(clientOptions(properties));
        return client;
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(RedisProperties properties, ClientResources resources) {
        RedisURI uri = uri(properties);
        var client = LettuceClientConfiguration.builder()
                .commandTimeout(properties.timeout())
                .clientResources(resources)
                .clientOptions(clientOptions(properties));
        if (uri.isSsl()) {
            client.useSsl();
        }
        RedisPassword password = uri.getPassword() == null ? RedisPassword.none() : RedisPassword.of(uri.getPassword());
        if (!uri.getSentinels().isEmpty()) {
            var sentinel = new RedisSentinelConfiguration();
            sentinel.master(uri.getSentinelMasterId());
            uri.getSentinels().forEach(node -> sentinel.sentinel(node.getHost(), node.getPort()));
            sentinel.setPassword(password);
            sentinel.setDatabase(uri.getDatabase());
            return new LettuceConnectionFactory(sentinel, client.build());
        }
        var standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        standalone.setPassword(password);
        standalone.setDatabase(uri.getDatabase());
        return new LettuceConnectionFactory(standalone, client.build());
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

    static RedisURI uri(RedisProperties properties) {
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
        return uri;
    }
}
