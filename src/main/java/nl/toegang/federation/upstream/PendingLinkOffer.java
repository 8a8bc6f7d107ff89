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
 */
record PendingLinkOffer(String offer, String realm, String upstream, String identityId, String accountId,
                        String email, Optional<String> acr, String continueUrl, String idTokenHint,
                        UpstreamResult.SamlLogout samlLogout, Instant createdAt) implements Serializable {
    static String attribute(String realm) {
        return "TOEGANG_UPSTREAM_LINK_OFFER:" + realm;
    }

    @Override
    public String toString() {
        return "PendingLinkOffer[realm=" + realm + ", upstream=" + upstream + "]";
    }
}
