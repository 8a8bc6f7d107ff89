package nl.toegang.migration;

import java.util.List;
import java.util.Optional;

/**
 * One realm of a Keycloak export, typed. Built only by {@link KeycloakExportReader}, which refuses a file that is
 * not an export rather than returning half of one.
 *
 * @param realmNotes realm settings with no Toegang equivalent, in words for the operator
 */
record KeycloakExport(String realm, Optional<String> displayName, Optional<String> keycloakVersion,
                      RealmSettings settings, List<KeycloakClient> clients, List<KeycloakUser> users,
                      List<String> realmNotes) {

    /**
     * The realm settings that have a Toegang equivalent (durations in seconds; empty when absent).
     */
    record RealmSettings(Optional<String> defaultLocale, Optional<Boolean> registrationAllowed,
                         Optional<Boolean> verifyEmail, Optional<Integer> accessTokenLifespan,
                         Optional<Integer> ssoSessionIdleTimeout, Optional<Integer> ssoSessionMaxLifespan) {
    }
}
