package nl.toegang.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * One security event. Holds identifiers only (account id, client id), never an email address, BSN, password, code
 * or token: the trail is read by support staff and shipped to a SIEM.
 *
 * @param type    what happened, e.g. {@code login}, {@code lockout}, {@code unlock}, {@code password-reset}
 * @param outcome {@code success}, {@code failure} or {@code info}
 * @param actor   who did it when it was not the account holder (e.g. {@code client:support-tool})
 * @param reason  why, for support and admin actions
 */
public record AuditEvent(
        String id,
        String realm,
        Instant occurredAt,
        String type,
        String outcome,
        Optional<String> accountId,
        Optional<String> clientId,
        Optional<String> actor,
        Optional<String> reason,
        Optional<String> ip,
        Optional<String> userAgent,
        Optional<String> correlationId) {
}
