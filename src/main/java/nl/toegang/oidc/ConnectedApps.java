package nl.toegang.oidc;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The portal apps an account has given access to, in one realm: clients with a live grant (a refresh or access token
 * that has not expired) or a stored consent. Revoking one removes the consent and every token family of that client
 * for that account, so the app's refresh token stops working at once (ASVS 10.4.9, 10.7.2).
 */
@Component
public class ConnectedApps {
    private final JdbcClient jdbc;
    private final RealmClientRepository clients;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public ConnectedApps(JdbcClient jdbc, RealmClientRepository clients, TransactionTemplate transaction,
                         Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * One app as its owner sees it.
     *
     * @param scopes   what the app may read, as scope names (the page words them)
     * @param lastUsed when the app last got a token for this account; empty for a consent without a live grant
     */
    public record ConnectedApp(String clientId, String name, List<String> scopes, Optional<Instant> lastUsed) {
    }

    /** Apps of {@code accountId} in {@code realm}, most recently used first. */
    public List<ConnectedApp> list(String realm, String accountId) {
        Instant now = clock.instant();
        Map<String, Grant> byClient = new TreeMap<>();
        jdbc.sql("SELECT registered_client_id, authorized_scopes, access_token_issued_at, access_token_expires_at, "
                        + "refresh_token_expires_at FROM oauth2_authorization "
                        + "WHERE principal_name = ? AND registered_client_id LIKE ?")
                .params(accountId, RealmClientRepository.registeredClientId(realm, "%"))
                .query((RowCallbackHandler) rs -> {
                    Instant refreshEnd = instant(rs.getTimestamp("refresh_token_expires_at"));
                    Instant accessEnd = instant(rs.getTimestamp("access_token_expires_at"));
                    boolean live = (refreshEnd != null && refreshEnd.isAfter(now))
                            || (accessEnd != null && accessEnd.isAfter(now));
                    if (live) {
                        byClient.computeIfAbsent(rs.getString("registered_client_id"), id -> new Grant())
                                .add(rs.getString("authorized_scopes"), instant(rs.getTimestamp("access_token_issued_at")));
                    }
                });
        jdbc.sql("SELECT registered_client_id, authorities FROM oauth2_authorization_consent "
                        + "WHERE principal_name = ? AND registered_client_id LIKE ?")
                .params(accountId, RealmClientRepository.registeredClientId(realm, "%"))
                .query((RowCallbackHandler) rs -> {
                    // Consent authorities are SCOPE_x; the rest (none today) are not scopes a person chose.
                    String scopes = Arrays.stream(rs.getString("authorities").split(","))
                            .filter(a -> a.startsWith("SCOPE_")).map(a -> a.substring("SCOPE_".length()))
                            .reduce((a, b) -> a + "," + b).orElse("");
                    byClient.computeIfAbsent(rs.getString("registered_client_id"), id -> new Grant()).add(scopes, null);
                });

        List<ConnectedApp> apps = new ArrayList<>();
        byClient.forEach((registeredId, grant) -> {
            // Realm isolation: the LIKE prefix already limits rows to this realm; the repository confirms it.
            RegisteredClient client = clients.findById(registeredId);
            // The console's own sign-ins are not an app with access: it is the page showing this list.
            if (client != null && RealmClientRepository.realmOf(registeredId).equals(realm)
                    && !AccountConsoleClient.CLIENT_ID.equals(client.getClientId())) {
                apps.add(new ConnectedApp(client.getClientId(), client.getClientName(),
                        List.copyOf(grant.scopes), Optional.ofNullable(grant.lastUsed)));
            }
        });
        apps.sort(Comparator.comparing((ConnectedApp a) -> a.lastUsed().orElse(Instant.EPOCH)).reversed()
                .thenComparing(ConnectedApp::name));
        return apps;
    }

    /**
     * Removes the consent and every authorization (codes, access and refresh tokens) of {@code clientId} for this
     * account in this realm. Returns false when the realm has no such client.
     */
    public boolean revoke(String realm, String accountId, String clientId) {
        Optional<RegisteredClient> client = clients.find(realm, clientId);
        if (client.isEmpty() || AccountConsoleClient.CLIENT_ID.equals(clientId)) {
            return false;
        }
        String registeredId = client.get().getId();
        transaction.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id = ?")
                    .params(accountId, registeredId).update();
            jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE principal_name = ? AND registered_client_id = ?")
                    .params(accountId, registeredId).update();
        });
        return true;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Scopes and latest token time gathered over the rows of one client. */
    private static final class Grant {
        private final TreeSet<String> scopes = new TreeSet<>();
        private Instant lastUsed;

        void add(String commaSeparatedScopes, Instant issuedAt) {
            if (commaSeparatedScopes != null) {
                Arrays.stream(commaSeparatedScopes.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .forEach(scopes::add);
            }
            if (issuedAt != null && (lastUsed == null || issuedAt.isAfter(lastUsed))) {
                lastUsed = issuedAt;
            }
        }
    }
}
