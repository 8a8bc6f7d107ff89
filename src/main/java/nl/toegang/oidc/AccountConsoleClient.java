package nl.toegang.oidc;

import nl.toegang.realm.BuiltInClients;
import nl.toegang.realm.RealmDefinition;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The built-in {@value BuiltInClients#ACCOUNT_CONSOLE} client of every realm: a public client (no secret to keep;
 * PKCE S256 is its proof), authorization code only (no refresh token: the console signs in again through the realm
 * session), scope {@code openid}, no consent, and exactly one redirect URI, {@code {issuer}/account/callback}.
 * Realm files cannot declare or change it (realm.BuiltInClients).
 */
public final class AccountConsoleClient {
    public static final String CLIENT_ID = BuiltInClients.ACCOUNT_CONSOLE;
    public static final String CALLBACK_PATH = "/account/callback";

    private AccountConsoleClient() {
    }

    /** The one redirect URI of the console of the realm with this issuer. */
    public static String redirectUri(String issuer) {
        return issuer + CALLBACK_PATH;
    }

    static RegisteredClient registeredClient(RealmDefinition realm, String issuer) {
        var settings = realm.settings();
        return RegisteredClient.withId(RealmClientRepository.registeredClientId(realm.name(), CLIENT_ID))
                .clientId(CLIENT_ID)
                .clientName("Account console")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri(issuer))
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .authorizationCodeTimeToLive(settings.authorizationCodeLifetime())
                        .accessTokenTimeToLive(settings.accessTokenLifetime())
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.from(settings.signingAlgorithm()))
                        .build())
                .build();
    }
}
