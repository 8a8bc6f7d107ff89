package nl.toegang.migration;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client from the export: the fields Toegang maps, plus the attributes map for the rest. The client secret itself
 * is never kept: only whether there is one.
 */
record KeycloakClient(String clientId, Optional<String> name, String protocol, boolean enabled, boolean publicClient,
                      boolean bearerOnly, String authenticatorType, boolean hasSecret, Optional<String> rootUrl,
                      List<String> redirectUris, List<String> webOrigins, boolean standardFlow, boolean implicitFlow,
                      boolean directAccessGrants, boolean serviceAccounts, boolean consentRequired,
                      boolean frontchannelLogout, List<String> defaultScopes, List<String> optionalScopes,
                      int protocolMappers, Map<String, String> attributes) {

    Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name)).filter(v -> !v.isBlank());
    }

    boolean flag(String name) {
        return attribute(name).map("true"::equalsIgnoreCase).orElse(false);
    }
}
