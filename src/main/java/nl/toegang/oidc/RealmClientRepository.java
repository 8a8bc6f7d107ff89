package nl.toegang.oidc;

import nl.toegang.config.PublicUrl;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.ClientProfile;
import nl.toegang.realm.IntrospectionAccess;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relying parties, built from the realm files at startup (the files are the source of truth, so clients follow them
 * on every start and every node has the same clients). The registered-client id is {@code realm/clientId}, so a
 * client id used in two realms names two distinct clients, and a code or token of one realm never matches a client
 * of another. Every realm also has the built-in {@link AccountConsoleClient}; its redirect URI names the public URL,
 * which may only be known once the web server has started, so it is made on first use.
 */
public class RealmClientRepository implements RegisteredClientRepository {
    /** Client setting holding an inline JWK Set (JSON) for private_key_jwt. */
    public static final String INLINE_JWKS_SETTING = "toegang.client.jwks";
    /** Client setting: OIDC Back-Channel Logout URL (absent when the client does not take logout tokens). */
    public static final String BACKCHANNEL_LOGOUT_URI_SETTING = "toegang.client.backchannel-logout-uri";
    /** Client setting: the client needs {@code sid} in logout tokens (Boolean). */
    public static final String BACKCHANNEL_LOGOUT_SESSION_REQUIRED_SETTING =
            "toegang.client.backchannel-logout-session-required";
    /** Client setting: true for {@code profile: fapi2} clients (client assertions limited to PS256/ES256). */
    public static final String FAPI2_SETTING = "toegang.client.fapi2";
    /** Client setting: the realm file's {@code introspection} value ({@link IntrospectionAccess#value()}). */
    public static final String INTROSPECTION_SETTING = "toegang.client.introspection";

    private final Map<String, RegisteredClient> byId = new HashMap<>();
    private final Map<String, Map<String, RegisteredClient>> byRealmAndClientId = new HashMap<>();
    private final RealmRegistry realms;
    private final PublicUrl publicUrl;
    private final Map<String, RegisteredClient> consoles = new ConcurrentHashMap<>();

    public RealmClientRepository(RealmRegistry realms, PasswordEncoder secretEncoder, PublicUrl publicUrl) {
        this.realms = realms;
        this.publicUrl = publicUrl;
        for (RealmDefinition realm : realms.all()) {
            Map<String, RegisteredClient> clients = new HashMap<>();
            for (ClientDefinition client : realm.clients()) {
                RegisteredClient registered = toRegisteredClient(realm, client, secretEncoder);
                clients.put(client.clientId(), registered);
                byId.put(registered.getId(), registered);
            }
            byRealmAndClientId.put(realm.name(), Map.copyOf(clients));
        }
    }

    public static String registeredClientId(String realm, String clientId) {
        return realm + "/" + clientId;
    }

    /** The realm a registered-client id belongs to. */
    public static String realmOf(String registeredClientId) {
        int slash = registeredClientId.indexOf('/');
        return slash < 0 ? "" : registeredClientId.substring(0, slash);
    }

    /** Which tokens the client may introspect; only its own for clients without the setting (the console). */
    public static IntrospectionAccess introspectionAccess(RegisteredClient client) {
        Object value = client.getClientSettings().getSetting(INTROSPECTION_SETTING);
        return value instanceof String name ? IntrospectionAccess.parse(name).orElse(IntrospectionAccess.OWN_TOKENS)
                : IntrospectionAccess.OWN_TOKENS;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("clients are declared in realm files");
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClient client = byId.get(id);
        if (client != null) {
            return client;
        }
        String realm = realmOf(id);
        return id.equals(registeredClientId(realm, AccountConsoleClient.CLIENT_ID)) ? console(realm).orElse(null) : null;
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return RealmAuthorizationServerContext.currentRealm()
                .flatMap(realm -> find(realm, clientId))
                .orElse(null);
    }

    public Optional<RegisteredClient> find(String realm, String clientId) {
        if (AccountConsoleClient.CLIENT_ID.equals(clientId)) {
            return console(realm);
        }
        return Optional.ofNullable(byRealmAndClientId.getOrDefault(realm, Map.of()).get(clientId));
    }

    /** The realm's built-in console client; empty for an unknown realm or before the public URL is known. */
    private Optional<RegisteredClient> console(String realm) {
        if (!publicUrl.isKnown()) {
            return Optional.empty();
        }
        return realms.find(realm).map(definition -> consoles.computeIfAbsent(definition.name(),
                name -> AccountConsoleClient.registeredClient(definition, publicUrl.issuer(name))));
    }

    private static RegisteredClient toRegisteredClient(RealmDefinition realm, ClientDefinition client,
                                                       PasswordEncoder secretEncoder) {
        var settings = realm.settings();
        var builder = RegisteredClient.withId(registeredClientId(realm.name(), client.clientId()))
                .clientId(client.clientId())
                .clientName(client.name());
        client.secret().ifPresent(secret -> builder.clientSecret(secretEncoder.encode(secret.reveal())));
        client.authenticationMethods().forEach(m -> builder.clientAuthenticationMethod(new ClientAuthenticationMethod(m)));
        client.grantTypes().forEach(g -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
        client.redirectUris().forEach(builder::redirectUri);
        client.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        client.scopes().forEach(builder::scope);

        var clientSettings = ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
        client.jwksUri().ifPresent(clientSettings::jwkSetUrl);
        client.jwks().ifPresent(jwks -> clientSettings.setting(INLINE_JWKS_SETTING, jwks));
        client.backchannelLogout().ifPresent(logout -> clientSettings
                .setting(BACKCHANNEL_LOGOUT_URI_SETTING, logout.uri())
                .setting(BACKCHANNEL_LOGOUT_SESSION_REQUIRED_SETTING, logout.sessionRequired()));
        clientSettings.setting(FAPI2_SETTING, client.profile() == ClientProfile.FAPI2);
        clientSettings.setting(INTROSPECTION_SETTING, client.introspection().value());
        builder.clientSettings(clientSettings.build());

        builder.tokenSettings(TokenSettings.builder()
                .authorizationCodeTimeToLive(settings.authorizationCodeLifetime())
                .accessTokenTimeToLive(settings.accessTokenLifetime())
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .refreshTokenTimeToLive(settings.refreshTokenLifetime())
                .reuseRefreshTokens(false)
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(settings.signingAlgorithm()))
                .build());
        return builder.build();
    }
}
