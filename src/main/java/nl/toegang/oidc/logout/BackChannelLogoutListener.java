package nl.toegang.oidc.logout;

import nl.toegang.oidc.RealmClientRepository;
import nl.toegang.session.SsoSessionEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the end of an SSO session into queued logout tokens, one per client of the realm that the user signed in to
 * during that session and that registered a {@code backchannelLogoutUri}. It only reads the authorization store and
 * inserts outbox rows, so the user's request is not held up by any client; {@link BackChannelLogoutDispatcher}
 * delivers. The authorizations must still exist when the event is published: publish before revoking tokens.
 *
 * <p>With a {@code sid} only the clients of that session are told, with that sid. Without one (all sessions of the
 * user ended) every client holding tokens for the subject is told: with just {@code sub}, or, for clients that require
 * a sid, once per session sid found in their ID tokens.
 */
public class BackChannelLogoutListener {
    private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutListener.class);

    private final SessionClients sessions;
    private final RealmClientRepository clients;
    private final LogoutOutbox outbox;
    private final Clock clock;

    public BackChannelLogoutListener(SessionClients sessions, RealmClientRepository clients, LogoutOutbox outbox,
                                     Clock clock) {
        this.sessions = sessions;
        this.clients = clients;
        this.outbox = outbox;
        this.clock = clock;
    }

    @EventListener
    public void onSessionEnded(SsoSessionEnded event) {
        try {
            int queued = queue(event);
            if (queued > 0) {
                log.info("session in realm {} ended ({}): {} back-channel logout token(s) queued", event.realm(),
                        event.reason(), queued);
            }
        } catch (RuntimeException e) {
            // Never fail the user's logout because of the relying parties; the failure is for operators.
            log.error("session in realm {} ended ({}), back-channel logout not queued: {}", event.realm(),
                    event.reason(), e.toString());
        }
    }

    /** Queues the deliveries for one ended session; returns how many. */
    int queue(SsoSessionEnded event) {
        Map<String, Set<SessionClients.Target>> byClient = new LinkedHashMap<>();
        for (SessionClients.Target target : sessions.of(event.realm(), event.subject(), event.sid())) {
            byClient.computeIfAbsent(target.clientId(), id -> new LinkedHashSet<>()).add(target);
        }
        int queued = 0;
        for (var entry : byClient.entrySet()) {
            Optional<RegisteredClient> client = clients.find(event.realm(), entry.getKey());
            if (client.isEmpty() || client.get().getClientSettings()
                    .getSetting(RealmClientRepository.BACKCHANNEL_LOGOUT_URI_SETTING) == null) {
                continue;
            }
            boolean sessionRequired = Boolean.TRUE.equals(client.get().getClientSettings()
                    .getSetting(RealmClientRepository.BACKCHANNEL_LOGOUT_SESSION_REQUIRED_SETTING));
            Set<SubjectAndSid> tokens = new LinkedHashSet<>();
            for (SessionClients.Target target : entry.getValue()) {
                if (event.sid() != null) {
                    tokens.add(new SubjectAndSid(target.subject(), event.sid()));
                } else if (sessionRequired) {
                    if (target.sid() != null) {
                        tokens.add(new SubjectAndSid(target.subject(), target.sid()));
                    }
                } else {
                    tokens.add(new SubjectAndSid(target.subject(), null));
                }
            }
            if (tokens.isEmpty()) {
                log.warn("realm {} client {} requires sid in logout tokens, but no session of the user is known;"
                        + " not notified", event.realm(), entry.getKey());
            }
            for (SubjectAndSid token : tokens) {
                outbox.add(new LogoutDelivery(UUID.randomUUID().toString(), event.realm(), entry.getKey(),
                        token.subject(), token.sid(), event.reason().name(), 0, clock.instant()), clock.instant());
                queued++;
            }
        }
        return queued;
    }

    private record SubjectAndSid(String subject, String sid) {
    }
}
