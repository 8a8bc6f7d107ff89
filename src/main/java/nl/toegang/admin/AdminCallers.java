package nl.toegang.admin;

import nl.toegang.oidc.ClientCredentialsTokens;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling the admin API, decided on every request from the current state rather than from the token alone
 * (a signed token stays valid until it expires): the token is not on the revocation list, its client is still
 * declared in realm {@value AdminTokenDecoder#ADMIN_REALM}, and only the token's roles that the realm file still
 * grants that client count. Nothing is cached, so a revocation or a realm-file change takes effect at the next call.
 */
@Component
public class AdminCallers {
    private final ClientCredentialsTokens tokens;
    private final RealmRegistry realms;

    public AdminCallers(ClientCredentialsTokens tokens, RealmRegistry realms) {
        this.tokens = tokens;
        this.realms = realms;
    }

    /** The answer for one call. */
    public sealed interface Caller {
        /** A known client with the roles it holds now (possibly none: then every endpoint answers 403). */
        record Known(String clientId, Set<String> roles) implements Caller {
        }

        /** The token must not be used any more; {@code why} is told to the caller. */
        record Refused(String why) implements Caller {
        }
    }

    /** Checks a token the {@link AdminTokenDecoder} accepted (signature, issuer, lifetime, client's own token). */
    public Caller check(Jwt token) {
        if (tokens.isRevoked(token.getTokenValue())) {
            return new Caller.Refused("the access token has been revoked");
        }
        String clientId = token.getClaimAsString("client_id");
        Optional<ClientDefinition> client = realms.find(AdminTokenDecoder.ADMIN_REALM)
                .flatMap(realm -> realm.client(clientId));
        if (client.isEmpty()) {
            return new Caller.Refused("the client is no longer declared in realm " + AdminTokenDecoder.ADMIN_REALM);
        }
        // The token's roles were copied from the realm file at issuance: a role taken away since then no longer counts,
        // and one given since then needs a new token (a token never counts for more than it names).
        List<String> claimed = Optional.ofNullable(token.getClaimAsStringList("roles")).orElse(List.of());
        Set<String> roles = new TreeSet<>(claimed);
        roles.retainAll(client.get().roles());
        return new Caller.Known(clientId, roles);
    }
}
