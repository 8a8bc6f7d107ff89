package nl.toegang.login;

import java.time.Instant;

/**
 * Published (synchronously) by {@link LoginCompletion} when the person completed a login to the account a
 * {@link PendingAccountLink} waited for: {@code federation.upstream} then stores the link. Login never imports
 * federation; this event is how the proof reaches it.
 */
public record AccountLinkConfirmed(String realm, String accountId, String identityId, String upstream, Instant at) {
}
