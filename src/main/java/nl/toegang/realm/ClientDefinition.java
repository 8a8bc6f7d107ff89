package nl.toegang.realm;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A relying party (portal app) of a realm.
 *
 * @param clientId               unique within the realm
 * @param name                   human-readable name (defaults to clientId)
 * @param type                   confidential or public
 * @param secret                 client secret for client_secret_basic/post; empty for public and private_key_jwt clients
 * @param authenticationMethods  client_secret_basic, client_secret_post, private_key_jwt or none (public clients)
 * @param jwksUri                for private_key_jwt: where the client publishes its keys
 * @param jwks                   for private_key_jwt: the client's public keys inline, as a JWK Set JSON string
 * @param redirectUris           exact redirect URIs (required for authorization_code)
 * @param postLogoutRedirectUris exact URIs allowed after RP-initiated logout
 * @param grantTypes             authorization_code, refresh_token, client_credentials
 * @param scopes                 scopes the client may request
 * @param roles                  roles put in the {@code roles} claim of this client's client_credentials access
 *                               tokens: {@code admin} or {@code support} (admin API); empty for ordinary clients
 * @param line                   line in the realm file where this client starts (for error messages)
 * @param bsn                    whether and how this client may receive the BSN of DigiD logins (default: never)
 * @param mfa                    this client's own second-factor policy; empty: the realm's {@code settings.mfa}
 * @param backchannelLogout      where and how the client receives OIDC Back-Channel Logout tokens; empty: never
 */
public record ClientDefinition(
        String clientId,
        String name,
        ClientType type,
        Optional<Secret> secret,
        Set<String> authenticationMethods,
        Optional<String> jwksUri,
        Optional<String> jwks,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,
        Set<String> grantTypes,
        Set<String> scopes,
        Set<String> roles,
        int line,
        Optional<BsnRelease> bsn,
        Optional<MfaPolicy> mfa,
        Optional<BackchannelLogout> backchannelLogout) {

    public ClientDefinition {
        mfa = mfa == null ? Optional.empty() : mfa;
        backchannelLogout = backchannelLogout == null ? Optional.empty() : backchannelLogout;
        authenticationMethods = Set.copyOf(authenticationMethods);
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        roles = Set.copyOf(roles);
        bsn = bsn == null ? Optional.empty() : bsn;
    }

    /** True when the realm file marks this client as legally eligible to receive the BSN. */
    public boolean bsnEligible() {
        return bsn.map(BsnRelease::eligible).orElse(false);
    }

    /** The policy for logins to this client: its own, else the realm's. */
    public MfaPolicy mfaPolicy(RealmSettings realm) {
        return mfa.orElse(realm.mfa());
    }

    public enum ClientType { CONFIDENTIAL, PUBLIC }

    /**
     * OIDC Back-Channel Logout 1.0 registration of a client.
     *
     * @param uri             the exact URL logout tokens are POSTed to ({@code backchannel_logout_uri})
     * @param sessionRequired the client needs {@code sid} in every logout token
     *                        ({@code backchannel_logout_session_required})
     */
    public record BackchannelLogout(String uri, boolean sessionRequired) {
    }
}
