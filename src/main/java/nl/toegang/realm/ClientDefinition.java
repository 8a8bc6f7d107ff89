package nl.toegang.realm;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A relying party (portal app) of a realm. Built with {@link #builder(String)}, which fills in the same defaults as a
 * realm file that leaves a field out.
 * <p>
 * Guarantees, whoever builds it: every component is non-null and collections are immutable; a public client holds no
 * credentials and authenticates with {@code none} only; a confidential client's authentication methods each have
 * their credential (a secret for client_secret_basic/post, keys for private_key_jwt) and its secret is used by one of
 * them; an authorization_code client has redirect URIs; and the client keeps everything its {@link #profile()} forces
 * ({@link ClientProfileRule}).
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
 * @param line                   line in the realm file where this client starts (for error messages); 0 when the
 *                               client does not come from a realm file
 * @param bsn                    whether and how this client may receive the BSN of DigiD logins (default: never)
 * @param eidasPersonIdentifier  whether and how this client may receive the eIDAS PersonIdentifier of eIDAS logins
 *                               (claim and scope {@code eidas_person_identifier}; default: never; docs/eidas.md)
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
        IntrospectionAccess introspection,
        Optional<BsnRelease> eidasPersonIdentifier) {

    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String CLIENT_CREDENTIALS = "client_credentials";
    /** Grants of a client that does not list its own: a browser login with refresh tokens. */
    static final Set<String> DEFAULT_GRANT_TYPES = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN);
    /** Scopes of a client that does not list its own. */
    static final Set<String> DEFAULT_SCOPES = Set.of("openid");

    static final String SECRET_BASIC = "client_secret_basic";
    static final String SECRET_POST = "client_secret_post";
    static final String PRIVATE_KEY_JWT = "private_key_jwt";
    static final String NONE = "none";

    public ClientDefinition {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name of client " + clientId);
        Objects.requireNonNull(type, "type of client " + clientId);
        Objects.requireNonNull(secret, "secret of client " + clientId);
        authenticationMethods = Set.copyOf(authenticationMethods);
        Objects.requireNonNull(jwksUri, "jwksUri of client " + clientId);
        Objects.requireNonNull(jwks, "jwks of client " + clientId);
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        roles = Set.copyOf(roles);
        Objects.requireNonNull(bsn, "bsn of client " + clientId);
        Objects.requireNonNull(eidasPersonIdentifier, "eidasPersonIdentifier of client " + clientId);
        Objects.requireNonNull(mfa, "mfa of client " + clientId);
        Objects.requireNonNull(backchannelLogout, "backchannelLogout of client " + clientId);
        Objects.requireNonNull(profile, "profile of client " + clientId);
        Objects.requireNonNull(dpop, "dpop of client " + clientId);
        Objects.requireNonNull(sectorIdentifier, "sectorIdentifier of client " + clientId);
        Objects.requireNonNull(introspection, "introspection of client " + clientId);

        String label = "client '" + clientId + "'";
        boolean hasKeys = jwks.isPresent() || jwksUri.isPresent();
        authenticationProblem(label, type, secret.isPresent(), hasKeys, authenticationMethods).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (grantTypes.contains(AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw new IllegalArgumentException(label + " uses authorization_code but has no redirectUris");
        }
        ClientProfileRule.violation(profile, type, secret.isPresent(), hasKeys, authenticationMethods,
                requirePushedAuthorizationRequests, dpop).ifPresent(violation -> {
            throw new IllegalArgumentException(violation.message(label));
        });
    }

    /** A builder for the client {@code clientId}, with a realm file's defaults for every field left unset. */
    public static Builder builder(String clientId) {
        return new Builder(clientId);
    }

    /**
     * The authentication methods of a client that does not list its own: {@code none} for a public client, the secret
     * methods for a confidential client with a secret, else private_key_jwt for one with keys; empty when a
     * confidential client has no credential at all.
     */
    static Optional<Set<String>> defaultAuthenticationMethods(ClientType type, boolean hasSecret, boolean hasKeys) {
        if (type == ClientType.PUBLIC) {
            return Optional.of(Set.of(NONE));
        }
        if (hasSecret) {
            return Optional.of(Set.of(SECRET_BASIC, SECRET_POST));
        }
        return hasKeys ? Optional.of(Set.of(PRIVATE_KEY_JWT)) : Optional.empty();
    }

    // The realm reader checks the same at the offending line; this keeps the guarantee for every other caller.
    private static Optional<String> authenticationProblem(String label, ClientType type, boolean hasSecret,
                                                          boolean hasKeys, Set<String> methods) {
        if (methods.isEmpty()) {
            return Optional.of(label + " has no authentication methods");
        }
        if (type == ClientType.PUBLIC) {
            return hasSecret || hasKeys || !methods.equals(Set.of(NONE))
                    ? Optional.of(label + " is public: it holds no secret or keys and authenticates with none only")
                    : Optional.empty();
        }
        for (String method : methods) {
            boolean credential = switch (method) {
                case SECRET_BASIC, SECRET_POST -> hasSecret;
                case PRIVATE_KEY_JWT -> hasKeys;
                default -> false;
            };
            if (!credential) {
                return Optional.of(label + " is confidential and cannot authenticate with " + method
                        + " without its credential");
            }
        }
        if (hasSecret && !methods.contains(SECRET_BASIC) && !methods.contains(SECRET_POST)) {
            return Optional.of(label + " has a secret but none of its authentication methods uses it");
        }
        return Optional.empty();
    }

    /** True when the realm file marks this client as legally eligible to receive the BSN. */
    public boolean bsnEligible() {
        return bsn.map(BsnRelease::eligible).orElse(false);
    }

    /** Whether this client may receive the eIDAS PersonIdentifier (with the {@code eidas_person_identifier} scope). */
    public boolean eidasPersonIdentifierEligible() {
        return eidasPersonIdentifier.map(BsnRelease::eligible).orElse(false);
    }

    /**
     * How the ID token travels when it may carry an identifier that needs encrypting (BSN or eIDAS
     * PersonIdentifier): the first eligible release with {@code encryptIdToken}; empty: signed only.
     */
    public Optional<BsnRelease> idTokenEncryption() {
        return bsn.filter(BsnRelease::eligible).filter(BsnRelease::encryptIdToken)
                .or(() -> eidasPersonIdentifier.filter(BsnRelease::eligible).filter(BsnRelease::encryptIdToken));
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

    /**
     * Where a "Back to {client}" link may send a person (the console, the signed-out page): the first http(s)
     * post-logout redirect URI the client registered; empty when it has none. Only ever a registered URI.
     */
    public Optional<String> homeUri() {
        return postLogoutRedirectUris.stream()
                .filter(uri -> uri.startsWith("https://") || uri.startsWith("http://"))
                .findFirst();
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

    /**
     * Builds a {@link ClientDefinition}. Unset fields get what a realm file that leaves them out gets: name = clientId,
     * grants authorization_code and refresh_token, scope openid, authentication methods from the credentials
     * ({@link #defaultAuthenticationMethods}), no roles, BSN, own MFA policy or logout, profile standard, own tokens
     * only for introspection, and PAR and DPoP as the profile says ({@link ClientProfileRule}). Only the type has no
     * default: a realm file must state it too.
     */
    public static final class Builder {
        private final String clientId;
        private String name;
        private ClientType type;
        private Optional<Secret> secret = Optional.empty();
        private Set<String> authenticationMethods;
        private Optional<String> jwksUri = Optional.empty();
        private Optional<String> jwks = Optional.empty();
        private List<String> redirectUris = List.of();
        private List<String> postLogoutRedirectUris = List.of();
        private Set<String> grantTypes = DEFAULT_GRANT_TYPES;
        private Set<String> scopes = DEFAULT_SCOPES;
        private Set<String> roles = Set.of();
        private int line;
        private Optional<BsnRelease> bsn = Optional.empty();
        private Optional<BsnRelease> eidasPersonIdentifier = Optional.empty();
        private Optional<MfaPolicy> mfa = Optional.empty();
        private Optional<BackchannelLogout> backchannelLogout = Optional.empty();
        private ClientProfile profile = ClientProfile.STANDARD;
        private Optional<Boolean> requirePushedAuthorizationRequests = Optional.empty();
        private Optional<DpopPolicy> dpop = Optional.empty();
        private Optional<String> sectorIdentifier = Optional.empty();
        private IntrospectionAccess introspection = IntrospectionAccess.OWN_TOKENS;

        private Builder(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder type(ClientType type) {
            this.type = Objects.requireNonNull(type);
            return this;
        }

        public Builder secret(Secret secret) {
            this.secret = Optional.of(secret);
            return this;
        }

        public Builder authenticationMethods(Set<String> methods) {
            this.authenticationMethods = Set.copyOf(methods);
            return this;
        }

        public Builder jwksUri(String jwksUri) {
            this.jwksUri = Optional.of(jwksUri);
            return this;
        }

        public Builder jwks(String jwks) {
            this.jwks = Optional.of(jwks);
            return this;
        }

        public Builder redirectUris(List<String> uris) {
            this.redirectUris = List.copyOf(uris);
            return this;
        }

        public Builder postLogoutRedirectUris(List<String> uris) {
            this.postLogoutRedirectUris = List.copyOf(uris);
            return this;
        }

        public Builder grantTypes(Set<String> grantTypes) {
            this.grantTypes = Set.copyOf(grantTypes);
            return this;
        }

        public Builder scopes(Set<String> scopes) {
            this.scopes = Set.copyOf(scopes);
            return this;
        }

        public Builder roles(Set<String> roles) {
            this.roles = Set.copyOf(roles);
            return this;
        }

        public Builder line(int line) {
            this.line = line;
            return this;
        }

        public Builder eidasPersonIdentifier(BsnRelease release) {
            this.eidasPersonIdentifier = Optional.of(release);
            return this;
        }

        public Builder bsn(BsnRelease bsn) {
            this.bsn = Optional.of(bsn);
            return this;
        }

        public Builder mfa(MfaPolicy mfa) {
            this.mfa = Optional.of(mfa);
            return this;
        }

        public Builder backchannelLogout(BackchannelLogout backchannelLogout) {
            this.backchannelLogout = Optional.of(backchannelLogout);
            return this;
        }

        public Builder profile(ClientProfile profile) {
            this.profile = Objects.requireNonNull(profile);
            return this;
        }

        public Builder requirePushedAuthorizationRequests(boolean required) {
            this.requirePushedAuthorizationRequests = Optional.of(required);
            return this;
        }

        public Builder dpop(DpopPolicy dpop) {
            this.dpop = Optional.of(dpop);
            return this;
        }

        public Builder sectorIdentifier(String sectorIdentifier) {
            this.sectorIdentifier = Optional.of(sectorIdentifier);
            return this;
        }

        public Builder introspection(IntrospectionAccess introspection) {
            this.introspection = Objects.requireNonNull(introspection);
            return this;
        }

        /**
         * The first requirement of the profile the client set so far breaks: lets the realm reader name the
         * offending line before it reads the fields that follow.
         */
        Optional<ClientProfileRule.Violation> profileViolation() {
            return ClientProfileRule.violation(profile, type, secret.isPresent(), hasKeys(), resolvedMethods(),
                    ClientProfileRule.requirePushedAuthorizationRequests(profile, requirePushedAuthorizationRequests),
                    ClientProfileRule.dpop(profile, dpop));
        }

        /** The client; {@link IllegalArgumentException} when it breaks a guarantee of {@link ClientDefinition}. */
        public ClientDefinition build() {
            return new ClientDefinition(clientId, name == null ? clientId : name, type, secret, resolvedMethods(),
                    jwksUri, jwks, redirectUris, postLogoutRedirectUris, grantTypes, scopes, roles, line, bsn, mfa,
                    backchannelLogout, profile,
                    ClientProfileRule.requirePushedAuthorizationRequests(profile, requirePushedAuthorizationRequests),
                    ClientProfileRule.dpop(profile, dpop), sectorIdentifier, introspection, eidasPersonIdentifier);
        }

        private boolean hasKeys() {
            return jwks.isPresent() || jwksUri.isPresent();
        }

        private Set<String> resolvedMethods() {
            if (authenticationMethods != null) {
                return authenticationMethods;
            }
            Objects.requireNonNull(type, "type of client " + clientId);
            return defaultAuthenticationMethods(type, secret.isPresent(), hasKeys()).orElseThrow(
                    () -> new IllegalArgumentException("client '" + clientId + "' is confidential but has no secret"
                            + " or keys to authenticate with"));
        }
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
