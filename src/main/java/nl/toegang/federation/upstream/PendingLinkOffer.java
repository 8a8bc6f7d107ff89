package nl.toegang.federation.upstream;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * An upstream login that ended at the link offer ("You already have an account with this address"), kept in the
 * browser's session until the person chooses; one per realm (a later offer, e.g. from a second tab, replaces it, and
 * the earlier page's {@code offer} value then names nothing). Holds what finishing the login without a link needs.
 *
 * @param offer a random value the offer page's forms carry, so a stale page cannot act on a newer offer
 * @param level the acr the login earned, or null: a String rather than an Optional, because the Redis session store
 *              serializes this record and Optional is not Serializable
 */
record PendingLinkOffer(String offer, String realm, String upstream, String identityId, String accountId,
                        String email, String level, String continueUrl, String idTokenHint,
                        UpstreamResult.SamlLogout samlLogout, Instant createdAt) implements Serializable {
    static String attribute(String realm) {
        return "TOEGANG_UPSTREAM_LINK_OFFER:" + realm;
    }

    Optional<String> acr() {
        return Optional.ofNullable(level);
    }

    @Override
    public String toString() {
        return "PendingLinkOffer[realm=" + realm + ", upstream=" + upstream + "]";
    }
}
