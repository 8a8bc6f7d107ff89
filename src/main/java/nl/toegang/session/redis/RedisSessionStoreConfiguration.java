package nl.toegang.session.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.config.ConditionalOnRedisCluster;
import nl.toegang.config.RedisProperties;
import nl.toegang.lockout.LockoutProperties;
import nl.toegang.session.SessionEndClaims;
import nl.toegang.session.SessionStoreConfiguration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.config.ConfigureNotifyKeyspaceEventsAction;

import java.util.List;

/**
 * Sessions in Redis ({@code toegang.lockout.store=redis}): Spring Session's indexed repository under
 * {@code {toegang.lockout.key-prefix}session}. Attributes are stored with JDK serialization: every attribute
 * Toegang keeps is a Serializable record or a Spring Security type, so no Jackson allowlist or mixins are needed;
 * the price is that sessions do not survive an upgrade that changes those classes (people sign in again).
 *
 * <p>On a Redis Cluster the repository's keys spread over the masters by session id; its only multi-key command, the
 * RENAME when a login changes the session id, is done by Spring Data as DUMP/RESTORE/DEL when the two ids hash to
 * different slots.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisSessionStoreConfiguration {

    @Bean
    RedisIndexedSessionRepository sessionRepository(LettuceConnectionFactory connections,
                                                    ApplicationEventPublisher events, LockoutProperties lockout) {
        var sessions = storedAs(connections, lockout.keyPrefix() + "session");
        sessions.setDatabase(connections.getDatabase());
        sessions.setDefaultMaxInactiveInterval(SessionStoreConfiguration.DEFAULT_IDLE_TIMEOUT);
        // SessionExpiredEvent on every node for sessions nobody returned to; SsoSessionEndings reports each once.
        sessions.setApplicationEventPublisher(events);
        return sessions;
    }

    /**
     * The repository as it reads and writes Redis: string keys under {@code namespace}, JDK-serialized values. Also
     * what the scale run's session generator is checked against, so the two cannot drift apart.
     */
    public static RedisIndexedSessionRepository storedAs(RedisConnectionFactory connections, String namespace) {
        RedisSerializer<Object> values = new JdkSerializationRedisSerializer(
                RedisSessionStoreConfiguration.class.getClassLoader());
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setValueSerializer(values);
        template.setHashValueSerializer(values);
        template.afterPropertiesSet();
        var sessions = new RedisIndexedSessionRepository(template);
        sessions.setDefaultSerializer(values);
        sessions.setRedisKeyNamespace(namespace);
        return sessions;
    }

    /**
     * Session events through Spring Data's listener container. On a cluster it carries only the "created" channel
     * (a PUBLISH, which the cluster spreads to every node); the deleted and expired keyspace notifications stay on
     * the node that holds the key, so {@link ClusterSessionEvents} subscribes to those on every master.
     */
    @Bean
    RedisMessageListenerContainer sessionEventListener(LettuceConnectionFactory connections,
                                                       RedisIndexedSessionRepository sessions, RedisProperties redis) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        if (!redis.clustered()) {
            container.addMessageListener(sessions, List.of(new ChannelTopic(sessions.getSessionDeletedChannel()),
                    new ChannelTopic(sessions.getSessionExpiredChannel())));
        }
        container.addMessageListener(sessions, List.of(new PatternTopic(sessions.getSessionCreatedChannelPrefix() + "*")));
        return container;
    }

    @Bean
    @ConditionalOnRedisCluster
    ClusterSessionEvents clusterSessionEvents(AbstractRedisClient client, StatefulConnection<String, String> connection,
                                              RedisIndexedSessionRepository sessions, RedisProperties redis,
                                              LockoutProperties lockout) {
        return new ClusterSessionEvents((RedisClusterClient) client,
                (StatefulRedisClusterConnection<String, String>) connection, sessions, redis.configureKeyspaceEvents(),
                lockout.keyPrefix() + "session", sessions.getSessionDeletedChannel(),
                sessions.getSessionExpiredChannel());
    }

    /**
     * Expiry notifications need {@code notify-keyspace-events Egx}; managed Redis may forbid CONFIG (set it there).
     * On a cluster {@link ClusterSessionEvents} sets it on every master instead.
     */
    @Bean
    InitializingBean keyspaceEventsSetting(LettuceConnectionFactory connections, RedisProperties redis) {
        return () -> {
            if (redis.configureKeyspaceEvents() && !redis.clustered()) {
                try (RedisConnection connection = connections.getConnection()) {
                    new ConfigureNotifyKeyspaceEventsAction().configure(connection);
                }
            }
        };
    }

    @Bean
    SessionEndClaims sessionEndClaims(RedisClusterCommands<String, String> redis, LockoutProperties lockout) {
        return new RedisSessionEndClaims(redis, lockout.keyPrefix() + "session-ended:");
    }
}
