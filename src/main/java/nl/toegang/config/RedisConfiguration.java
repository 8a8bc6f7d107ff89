package nl.toegang.config;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Lettuce client, created only when something stored in Redis is configured ({@code toegang.lockout.store=redis}).
 * Spring closes the connection and shuts the client down with the context, so tests that start and stop servers leak
 * no threads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(RedisProperties properties) {
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
        return RedisClient.create(uri);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }
}
