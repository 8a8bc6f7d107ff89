package nl.toegang.session;

import nl.toegang.config.ToegangProperties;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.memory.InMemoryIndexedSessionRepository;
import nl.toegang.session.memory.InMemorySessionEndClaims;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import java.time.Clock;
import java.time.Duration;

/**
 * HTTP sessions through Spring Session, so every node sees the same sessions: in memory for a single node (the
 * embedded default), in Redis with {@code toegang.lockout.store=redis} ({@code session.redis}). Both stores are
 * indexed by principal, which makes "sign out everywhere" and the OIDC {@code sid} work across nodes.
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
public class SessionStoreConfiguration {
    /** Timeout of a session before anyone signs in to it; a sign-in sets the realm's own idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    @Bean
    RealmSessionCookies httpSessionIdResolver(RealmRegistry realms, ToegangProperties properties) {
        return new RealmSessionCookies(realms, properties.production());
    }

    /**
     * Replaces the per-JVM SessionRegistryImpl: SAS checks a logout's {@code sid} against the store, and a redeemed
     * code's {@code sid} is looked up there ({@code oidc.AuthorizingSessions}).
     */
    @Bean
    SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "toegang.lockout.store", havingValue = "memory", matchIfMissing = true)
    static class InMemoryStore {

        @Bean
        InMemoryIndexedSessionRepository sessionRepository(ApplicationEventPublisher events, Clock clock) {
            return new InMemoryIndexedSessionRepository(events, clock, DEFAULT_IDLE_TIMEOUT);
        }

        @Bean
        SessionEndClaims sessionEndClaims(Clock clock) {
            return new InMemorySessionEndClaims(clock);
        }

        @Bean
        InMemorySweep inMemorySessionSweep(InMemoryIndexedSessionRepository sessions) {
            return new InMemorySweep(sessions);
        }
    }

    /** Ends sessions nobody returns to; each ends with a SessionExpiredEvent, reported by SsoSessionEndings. */
    static final class InMemorySweep {
        private final InMemoryIndexedSessionRepository sessions;

        InMemorySweep(InMemoryIndexedSessionRepository sessions) {
            this.sessions = sessions;
        }

        @Scheduled(fixedDelayString = "${toegang.session-sweep-interval:PT1M}")
        void sweep() {
            sessions.removeExpired();
        }
    }
}
