package nl.toegang.session.redis;

import io.lettuce.core.api.StatefulRedisConnection;
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
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "redis")
public class RedisSessionStoreConfiguration {

    @Bean
    RedisIndexedSessionRepository sessionRepository(LettuceConnectionFactory connections,
                                                    ApplicationEventPublisher events, LockoutProperties lockout) {
        RedisSerializer<Object> values = new JdkSerializationRedisSerializer(getClass().getClassLoader());
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setValueSerializer(values);
        template.setHashValueSerializer(values);
        template.afterPropertiesSet();
        var sessions = new RedisIndexedSessionRepository(template);
        sessions.setDefaultSerializer(values);
        sessions.setRedisKeyNamespace(lockout.keyPrefix() + "session");
        sessions.setDatabase(connections.getDatabase());
        sessions.setDefaultMaxInactiveInterval(SessionStoreConfiguration.DEFAULT_IDLE_TIMEOUT);
        // SessionExpiredEvent on every node for sessions nobody returned to; SsoSessionEndings reports each once.
        sessions.setApplicationEventPublisher(events);
        return sessions;
    }

    @Bean
    RedisMessageListenerContainer sessionEventListener(LettuceConnectionFactory connections,
                                                       RedisIndexedSessionRepository sessions) {
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(sessions, List.of(new ChannelTopic(sessions.getSessionDeletedChannel()),
                new ChannelTopic(sessions.getSessionExpiredChannel())));
        container.addMessageListener(sessions, List.of(new PatternTopic(sessions.getSessionCreatedChannelPrefix() + "*")));
        return container;
    }

    /** Expiry notifications need {@code notify-keyspace-events Egx}; managed Redis may forbid CONFIG (set it there). */
    @Bean
    InitializingBean keyspaceEventsSetting(LettuceConnectionFactory connections, RedisProperties redis) {
        return () -> {
            if (redis.configureKeyspaceEvents()) {
                try (RedisConnection connection = connections.getConnection()) {
                    new ConfigureNotifyKeyspaceEventsAction().configure(connection);
                }
            }
        };
    }

    @Bean
    SessionEndClaims sessionEndClaims(StatefulRedisConnection<String, String> redis, LockoutProperties lockout) {
        return new RedisSessionEndClaims(redis, lockout.keyPrefix() + "session-ended:");
    }
}
