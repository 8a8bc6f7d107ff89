package nl.toegang.migration;

import java.util.List;
import java.util.Optional;

/**
 * A client as it goes into the realm file. The secret is never here: only the name of the environment variable
 * the realm file reads it from.
 */
record MappedClient(String clientId, Optional<String> name, boolean confidential, Optional<String> secretVariable,
                    Optional<String> jwksUri, List<String> redirectUris, List<String> postLogoutRedirectUris,
                    List<String> grantTypes, List<String> scopes, Optional<String> backchannelLogoutUri,
                    boolean backchannelLogoutSessionRequired, boolean requirePushedAuthorizationRequests,
                    boolean dpopRequired) {
}
