package nl.toegang.federation.digid;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Links of upstream identities to email accounts (table {@code upstream_link}, docs/upstream.md "Linking policy").
 * A link is keyed by the federated identity (the provider's issuer and sub), never by an email address: a later
 * change of the address at the provider neither breaks nor moves it. Only {@code federation.upstream} makes links,
 * and only after the person signed in to the account; the account console lists and removes them.
 */
@Component
public class UpstreamLinks {
    private final JdbcClient jdbc;
    private final Clock clock;

    public UpstreamLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One linked provider of an account, as the console shows it (no identifiers of the provider's side). */
    public record Link(String upstream, Instant linkedAt) {
    }

    /** The account the upstream identity {@code identityId} is linked to, if any. */
    public Optional<String> linkedAccount(String realm, String identityId) {
        return jdbc.sql("select account_id from upstream_link where realm = ? and identity_id = ?")
                .params(realm, identityId).query(String.class).optional();
    }

    /**
     * Links identity {@code identityId} (of provider {@code upstream}) to the account; false when it is already
     * linked (to this or another account: a link is never moved silently) or the account is gone.
     */
    public boolean link(String realm, String identityId, String upstream, String accountId) {
        try {
            return jdbc.sql("insert into upstream_link (identity_id, realm, upstream, account_id, linked_at)"
                            + " select ?, ?, ?, id, ? from account where realm = ? and id = ?")
                    .params(identityId, realm, upstream, Timestamp.from(clock.instant()), realm, accountId)
                    .update() == 1;
        } catch (DuplicateKeyException alreadyLinked) {
            return false;
        }
    }

    /** The providers linked to the account, oldest link first. */
    public List<Link> linksOf(String realm, String accountId) {
        return jdbc.sql("select upstream, min(linked_at) as linked_at from upstream_link where realm = ?"
                        + " and account_id = ? group by upstream order by min(linked_at), upstream")
                .params(realm, accountId)
                .query((rs, row) -> new Link(rs.getString("upstream"), rs.getTimestamp("linked_at").toInstant()))
                .list();
    }

    /** Removes every link of the account to provider {@code upstream}; false when there was none. */
    public boolean unlink(String realm, String accountId, String upstream) {
        return jdbc.sql("delete from upstream_link where realm = ? and account_id = ? and upstream = ?")
                .params(realm, accountId, upstream).update() > 0;
    }
}
