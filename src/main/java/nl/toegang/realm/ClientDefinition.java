package nl.toegang.realm;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * @param profile                {@link ClientProfile#FAPI2} turns on PAR, DPoP and private_key_jwt together
 * @param requirePushedAuthorizationRequests a plain authorization request (without a PAR {@code request_uri}) is
 *                               refused
 * @param dpop                   whether token requests must carry a DPoP proof
 * @param sectorIdentifier       the sector of pairwise {@code sub} values; empty: the host of the redirect URIs
 * @param introspection          which tokens the client may introspect (default: only its own)
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
        Optional<BackchannelLogout> backchannelLogout,
        ClientProfile profile,
        boolean requirePushedAuthorizationRequests,
        DpopPolicy dpop,
        Optional<String> sectorIdentifier,
        IntrospectionAccess introspection) {

    public ClientDefinition {
        mfa = mfa == null ? Optional.empty() : mfa;
        backchannelLogout = backchannelLogout == null ? Optional.empty() : backchannelLogout;
        profile = profile == null ? ClientProfile.STANDARD : profile;
        dpop = dpop == null ? DpopPolicy.OPTIONAL : dpop;
        sectorIdentifier = sectorIdentifier == null ? Optional.empty() : sectorIdentifier;
        introspection = introspection == null ? IntrospectionAccess.OWN_TOKENS : introspection;
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

    /**
     * The sector of this client's pairwise {@code sub} values: its {@code sectorIdentifier}, else the one host of its
     * redirect URIs (the scheme for native-app URIs without a host), else the client itself (clients without a
     * browser login never see a person's {@code sub}). The realm parser refuses several redirect hosts without a
     * {@code sectorIdentifier} in realms with pairwise subjects, so the fallback never splits one portal.
     */
    public String sector() {
        if (sectorIdentifier.isPresent()) {
            return sectorIdentifier.get();
        }
        Set<String> hosts = redirectHosts();
        return hosts.size() == 1 ? hosts.iterator().next() : "client:" + clientId;
    }

    /** The distinct hosts (or, for native-app URIs without a host, schemes) of the redirect URIs. */
    public Set<String> redirectHosts() {
        Set<String> hosts = new TreeSet<>();
        for (String uri : redirectUris) {
            URI parsed = URI.create(uri);
            String host = parsed.getHost() != null ? parsed.getHost() : parsed.getScheme();
            hosts.add(host.toLowerCase(Locale.ROOT));
        }
        return hosts;
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
