package nl.toegang.config;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Lettuce clients, created only when shared state lives in Redis ({@code toegang.lockout.store=redis}): a plain
 * connection for the Lua scripts of lockout, TOTP replay and SAML replay, and a Spring Data connection factory for
 * Spring Session. Both come from the same {@code toegang.redis.*} settings; a {@code redis-sentinel://} URI selects
 * Sentinel for both. Spring closes connections and shuts clients down with the context, so tests that start and
 * stop servers leak no threads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(RedisProperties properties) {
        return RedisClient.create(uri(properties));
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(RedisProperties properties) {
        RedisURI uri = uri(properties);
        var client = LettuceClientConfiguration.builder().commandTimeout(properties.timeout());
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
