package nl.toegang.federation.upstream;

import java.io.Serializable;
import java.time.Instant;

/**
 * A link of an upstream identity to an email account, asked for in the account console ({@code linking: console})
 * and waiting for the provider's answer; kept in the browser's HTTP session, one per realm (a later one replaces it).
 * The upstream login started for it carries {@code id}, so only that login, in this session, can finish it, once.
 *
 * @param id        random, single use
 * @param accountId the console's signed-in email account the link is for
 * @param sid       the {@code sid} of the realm session it was asked in (a new sign-in changes it)
 */
record PendingConsoleLink(String id, String realm, String upstream, String accountId, String sid,
                          Instant createdAt) implements Serializable {
    static String attribute(String realm) {
        return "TOEGANG_UPSTREAM_CONSOLE_LINK:" + realm;
    }

    @Override
    public String toString() {
        return "PendingConsoleLink[realm=" + realm + ", upstream=" + upstream + "]";
    }
}
