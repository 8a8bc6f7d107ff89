package nl.toegang.migration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user from the export, with the fields Toegang carries over and the names of those it does not.
 *
 * @param otherAttributes names (never values) of user attributes other than {@code locale}
 * @param roles           realm and client roles other than the realm's default role, and groups
 */
record KeycloakUser(String id, String username, Optional<String> email, String firstName, String lastName,
                    boolean emailVerified, boolean enabled, Optional<String> locale, Instant createdAt,
                    List<KeycloakCredential> credentials, Optional<String> serviceAccountOf,
                    Optional<String> federationLink, List<String> requiredActions, List<String> otherAttributes,
                    List<String> roles) {

    /** First and last name as one, or the username when Keycloak has neither. */
    String displayName() {
        String joined = (firstName + " " + lastName).strip();
        return joined.isEmpty() ? username : joined;
    }

    /** How the report names this user: the address, else the username. */
    String label() {
        return email.orElse(username);
    }
}
