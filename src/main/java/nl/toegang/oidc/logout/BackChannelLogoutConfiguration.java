package nl.toegang.oidc.logout;

import nl.toegang.audit.AuditLog;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.SubjectIdentifiers;
import nl.toegang.oidc.RealmIsolatedAuthorizations;
import nl.toegang.oidc.RealmClientRepository;
import nl.toegang.oidc.keys.RealmKeyService;
import nl.toegang.oidc.logout.jdbc.JdbcLogoutOutbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;

/** OIDC Back-Channel Logout 1.0: the session-ended listener, the outbox and the dispatcher. */
@Configuration(proxyBeanMethods = false)
public class BackChannelLogoutConfiguration {

    @Bean
    LogoutOutbox logoutOutbox(JdbcClient jdbc) {
        return new JdbcLogoutOutbox(jdbc);
    }

    @Bean
    SessionClients sessionClients(JdbcClient jdbc, RealmIsolatedAuthorizations authorizations,
                                  SubjectIdentifiers subjects) {
        return new SessionClients(jdbc, authorizations, subjects);
    }

    @Bean
    BackChannelLogoutListener backChannelLogoutListener(SessionClients sessions, RealmClientRepository clients,
                                                        LogoutOutbox outbox, Clock clock) {
        return new BackChannelLogoutListener(sessions, clients, outbox, clock);
    }

    @Bean
    LogoutTokenSigner logoutTokenSigner(RealmKeyService keys, PublicUrl publicUrl, Clock clock,
                                        BackChannelLogoutProperties properties) {
        return new LogoutTokenSigner(keys, publicUrl, clock, properties.tokenLifetime());
    }

    @Bean
    BackChannelLogoutDispatcher backChannelLogoutDispatcher(LogoutOutbox outbox, RealmClientRepository clients,
                                                            LogoutTokenSigner signer, AuditLog audit, Clock clock,
                                                            BackChannelLogoutProperties properties) {
        return new BackChannelLogoutDispatcher(outbox, clients, signer,
                new RetryBackoff(properties.firstRetry(), properties.maxRetryDelay(), properties.giveUpAfter()),
                audit, clock, properties.timeout());
    }
}
