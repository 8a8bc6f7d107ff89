package nl.toegang.oidc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An authorization (here: a code) of one realm is invisible to every other realm, and without a realm context the store
 * refuses to work instead of showing everything.
 */
class RealmIsolatedAuthorizationsTest {
    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private final InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();
    private final RealmIsolatedAuthorizations authorizations = new RealmIsolatedAuthorizations(store);

    @AfterEach
    void leaveRealm() {
        AuthorizationServerContextHolder.resetContext();
    }

    @Test
    void whenNoRealmContextIsSetThenEveryCallIsRefused() {
        OAuth2Authorization ofA = codeOf("realm-a", "code-a");
        store.save(ofA);

        assertThatThrownBy(() -> authorizations.findByToken("code-a", CODE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no realm context");
        assertThatThrownBy(() -> authorizations.findByToken("code-a", null))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> authorizations.findById(ofA.getId())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> authorizations.save(codeOf("realm-a", "code-new")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> authorizations.remove(ofA)).isInstanceOf(IllegalStateException.class);
        assertThat(store.findById(ofA.getId())).as("nothing was removed").isNotNull();
    }

    @Test
    void whenATokenOfRealmAIsLookedUpFromRealmBThenItIsNotFound() {
        OAuth2Authorization ofA = codeOf("realm-a", "code-a");
        store.save(ofA);

        enter("realm-b");
        assertThat(authorizations.findByToken("code-a", CODE)).isNull();
        assertThat(authorizations.findByToken("code-a", null)).isNull();
        assertThat(authorizations.findById(ofA.getId())).isNull();

        enter("realm-a");
        assertThat(authorizations.findByToken("code-a", CODE)).isNotNull();
        assertThat(authorizations.findById(ofA.getId())).isNotNull();
    }

    @Test
    void whenRealmBSavesOrRemovesAnAuthorizationOfRealmAThenItIsRefused() {
        OAuth2Authorization ofA = codeOf("realm-a", "code-a");
        store.save(ofA);

        enter("realm-b");
        assertThatThrownBy(() -> authorizations.save(codeOf("realm-a", "code-new")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> authorizations.remove(ofA)).isInstanceOf(IllegalStateException.class);
        assertThat(store.findById(ofA.getId())).isNotNull();
    }

    @Test
    void whenTheRealmIsNamedThenNoRequestIsNeededAndOnlyThatRealmIsSeen() {
        OAuth2Authorization ofA = codeOf("realm-a", "code-a");
        store.save(ofA);

        assertThat(authorizations.inRealm("realm-a").findById(ofA.getId())).isNotNull();
        assertThat(authorizations.inRealm("realm-b").findById(ofA.getId())).isNull();
        assertThat(authorizations.inRealm("realm-b").findByToken("code-a", CODE)).isNull();
    }

    private static void enter(String realm) {
        AuthorizationServerContextHolder.setContext(new RealmAuthorizationServerContext(realm,
                "https://idp.example/realms/" + realm, AuthorizationServerSettings.builder().build()));
    }

    private static OAuth2Authorization codeOf(String realm, String code) {
        RegisteredClient client = RegisteredClient.withId(RealmClientRepository.registeredClientId(realm, "rp"))
                .clientId("rp")
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("https://rp.example/callback")
                .build();
        Instant now = Instant.now();
        return OAuth2Authorization.withRegisteredClient(client)
                .id(UUID.randomUUID().toString())
                .principalName("alice")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(60)))
                .build();
    }
}
