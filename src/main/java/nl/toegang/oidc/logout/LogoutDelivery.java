package nl.toegang.oidc.logout;

import java.time.Instant;
import java.util.Objects;

/**
 * One logout token to deliver to one client: who ended (as that client knows them) and which session.
 *
 * @param id       row id, also the logout token's {@code jti} (the same on every attempt: one logout event)
 * @param subject  the {@code sub} this client's ID tokens carry (pairwise for DigiD identities)
 * @param sid      the session's {@code sid}, or null when unknown
 * @param reason   why the session ended ({@code SsoSessionEnded.Reason} name), for operators
 * @param attempts failed attempts so far
 */
public record LogoutDelivery(String id, String realm, String clientId, String subject, String sid, String reason,
                             int attempts, Instant createdAt) {
    public LogoutDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
