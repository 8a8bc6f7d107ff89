package nl.toegang.config;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce clients, created only when shared state lives in Redis ({@code toegang.lockout.store=redis}): a plain
 * connection for the Lua scripts of lockout, TOTP replay, SAML replay, DPoP and session-end claims, and a Spring Data
 * connection factory for Spring Session. Both come from the same {@code toegang.redis.*} settings and share one
 * {@link ClientResources}: a {@code redis-sentinel://} URI selects Sentinel for both, cluster seed nodes
 * ({@code toegang.redis.cluster.nodes}) select Redis Cluster for both. Spring closes connections and shuts clients
 * down with the context, so tests that start and stop servers leak no threads.
 *
 * <p>Callers use {@link RedisClusterCommands}, the command set that a standalone and a cluster connection share, so
 * no adapter knows which of the two it talks to; on a cluster every command they send names keys of one slot.
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

    /** A {@link RedisClusterClient} for a cluster, a {@link RedisClient} otherwise. */
    @Bean(destroyMethod = "shutdown")
    AbstractRedisClient redisClient(RedisProperties properties, ClientResources resources) {
        if (properties.clustered()) {
            RedisClusterClient client = RedisClusterClient.create(resources, clusterUris(properties));
            client.setOptions(clusterClientOptions(properties));
            return client;
        }
        RedisClient client = RedisClient.create(resources, uri(properties));
        client.setOptions(clientOptions(properties));
        return client;
    }

    @Bean(destroyMethod = "close")
    StatefulConnection<String, String> redisConnection(AbstractRedisClient client) {
        if (client instanceof RedisClusterClient cluster) {
            return cluster.connect();
        }
        return ((RedisClient) client).connect();
    }

    /** The synchronous commands of {@link #redisConnection}; thread safe, shared by every Redis adapter. */
    @Bean
    RedisClusterCommands<String, String> redisCommands(StatefulConnection<String, String> connection) {
        if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
            return cluster.sync();
        }
        return ((StatefulRedisConnection<String, String>) connection).sync();
    }

    @Bean
    LettuceConnectionFactory redisConnectionFactory(RedisProperties properties, ClientResources resources) {
        var client = LettuceClientConfiguration.builder()
                .commandTimeout(properties.timeout())
                .clientResources(resources);
        if (properties.clustered()) {
            client.clientOptions(clusterClientOptions(properties));
            if (properties.cluster().ssl()) {
                client.useSsl();
            }
            var cluster = new RedisClusterConfiguration();
            properties.cluster().nodes().forEach(node -> cluster.clusterNode(RedisProperties.Cluster.host(node),
                    RedisProperties.Cluster.port(node)));
            cluster.setMaxRedirects(properties.cluster().maxRedirects());
            cluster.setPassword(password(properties.password()));
            return new LettuceConnectionFactory(cluster, client.build());
        }
        client.clientOptions(clientOptions(properties));
        RedisURI uri = uri(properties);
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
                .socketOptions(socketOptions(properties))
                .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                .build();
    }

    /**
     * As {@link #clientOptions}, plus topology refresh: periodically and at once on MOVED/ASK redirects and
     * reconnects, so a failover or resharding is followed within seconds without a restart.
     */
    static ClusterClientOptions clusterClientOptions(RedisProperties properties) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socketOptions(properties))
                .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                .maxRedirects(properties.cluster().maxRedirects())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(properties.cluster().topologyRefresh())
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    private static SocketOptions socketOptions(RedisProperties properties) {
        return SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(true).build();
    }

    static List<RedisURI> clusterUris(RedisProperties properties) {
        return properties.cluster().nodes().stream().map(node -> {
            RedisURI uri = RedisURI.create(RedisProperties.Cluster.host(node), RedisProperties.Cluster.port(node));
            if (properties.password() != null && !properties.password().isEmpty()) {
                uri.setPassword(properties.password().toCharArray());
            }
            uri.setSsl(properties.cluster().ssl());
            uri.setTimeout(properties.timeout());
            return uri;
        }).toList();
    }

    private static RedisPassword password(String password) {
        return password == null || password.isEmpty() ? RedisPassword.none() : RedisPassword.of(password);
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
