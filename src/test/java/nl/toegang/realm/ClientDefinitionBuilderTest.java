package nl.toegang.realm;

import nl.toegang.realm.ClientDefinition.ClientType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ClientDefinition#builder}: the defaults of a field left out (the same as a realm file's), what the fapi2
 * profile forces ({@link ClientProfileRule}), and the guarantees the definition keeps whoever builds it.
 */
class ClientDefinitionBuilderTest {
    private static final String JWKS = "{\"keys\":[]}";
    private static final List<String> CALLBACK = List.of("https://app.example/cb");

    @TempDir
    Path dir;

    private static ClientDefinition.Builder confidentialWithSecret() {
        return ClientDefinition.builder("app").type(ClientType.CONFIDENTIAL).secret(new Secret("s3cret"))
                .redirectUris(CALLBACK);
    }

    private static ClientDefinition.Builder fapi2() {
        return ClientDefinition.builder("app").type(ClientType.CONFIDENTIAL).jwks(JWKS).redirectUris(CALLBACK)
                .profile(ClientProfile.FAPI2);
    }

    @Test
    void whenFieldsAreLeftOutThenTheClientGetsTheRealmFileDefaults() {
        ClientDefinition client = confidentialWithSecret().build();

        assertThat(client.name()).isEqualTo("app");
        assertThat(client.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
        assertThat(client.scopes()).containsExactly("openid");
        assertThat(client.authenticationMethods()).containsExactlyInAnyOrder("client_secret_basic",
                "client_secret_post");
        assertThat(client.roles()).isEmpty();
        assertThat(client.postLogoutRedirectUris()).isEmpty();
        assertThat(client.bsn()).isEmpty();
        assertThat(client.bsnEligible()).isFalse();
        assertThat(client.mfa()).isEmpty();
        assertThat(client.backchannelLogout()).isEmpty();
        assertThat(client.sectorIdentifier()).isEmpty();
        assertThat(client.profile()).isEqualTo(ClientProfile.STANDARD);
        assertThat(client.requirePushedAuthorizationRequests()).isFalse();
        assertThat(client.dpop()).isEqualTo(DpopPolicy.OPTIONAL);
        assertThat(client.introspection()).isEqualTo(IntrospectionAccess.OWN_TOKENS);
        assertThat(client.line()).isZero();
    }

    @Test
    void whenAuthenticationMethodsAreLeftOutThenTheyFollowTheCredentials() {
        assertThat(ClientDefinition.builder("spa").type(ClientType.PUBLIC).redirectUris(CALLBACK).build()
                .authenticationMethods()).containsExactly("none");
        assertThat(ClientDefinition.builder("api").type(ClientType.CONFIDENTIAL).jwksUri("https://api.example/jwks")
                .grantTypes(Set.of("client_credentials")).build().authenticationMethods())
                .containsExactly("private_key_jwt");
        assertThatThrownBy(() -> ClientDefinition.builder("api").type(ClientType.CONFIDENTIAL)
                .grantTypes(Set.of("client_credentials")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no secret or keys");
    }

    @Test
    void whenARealmFileLeavesFieldsOutThenItsClientEqualsTheBuildersDefaults() {
        RealmDefinition realm = RealmFiles.development(dir).parse("""
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: confidential
                    secret: s3cret
                    redirectUris: [https://app.example/cb]
                """);

        assertThat(realm.client("app")).contains(confidentialWithSecret().line(4).build());
    }

    @Test
    void whenProfileIsFapi2ThenParAndDpopAreRequiredWithoutBeingStated() {
        ClientDefinition client = fapi2().build();

        assertThat(client.requirePushedAuthorizationRequests()).isTrue();
        assertThat(client.dpop()).isEqualTo(DpopPolicy.REQUIRED);
        assertThat(client.authenticationMethods()).containsExactly("private_key_jwt");
    }

    @Test
    void whenProfileIsStandardThenTheSettingsApplyAsWritten() {
        ClientDefinition client = confidentialWithSecret().requirePushedAuthorizationRequests(true)
                .dpop(DpopPolicy.REQUIRED).build();

        assertThat(client.requirePushedAuthorizationRequests()).isTrue();
        assertThat(client.dpop()).isEqualTo(DpopPolicy.REQUIRED);
    }

    @Test
    void whenFapi2ClientStatesAWeakerSettingThenItIsRefusedNotOverridden() {
        assertThatThrownBy(() -> fapi2().requirePushedAuthorizationRequests(false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client 'app' has profile fapi2, which requires pushed authorization requests;"
                        + " remove requirePushedAuthorizationRequests: false");
        assertThatThrownBy(() -> fapi2().dpop(DpopPolicy.OPTIONAL).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requires DPoP-bound tokens");
    }

    @Test
    void whenFapi2ClientIsNotAConfidentialPrivateKeyJwtClientThenItIsRefused() {
        assertThatThrownBy(() -> ClientDefinition.builder("spa").type(ClientType.PUBLIC).redirectUris(CALLBACK)
                .profile(ClientProfile.FAPI2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a confidential client");
        assertThatThrownBy(() -> fapi2().secret(new Secret("s3cret"))
                .authenticationMethods(Set.of("private_key_jwt", "client_secret_basic")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remove the secret");
        assertThatThrownBy(() -> confidentialWithSecret().profile(ClientProfile.FAPI2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remove the secret");
    }

    @Test
    void whenCredentialsAndMethodsDisagreeThenTheClientIsRefused() {
        assertThatThrownBy(() -> ClientDefinition.builder("spa").type(ClientType.PUBLIC).redirectUris(CALLBACK)
                .secret(new Secret("s3cret")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is public");
        assertThatThrownBy(() -> confidentialWithSecret().authenticationMethods(Set.of("private_key_jwt")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private_key_jwt");
        assertThatThrownBy(() -> fapi2().authenticationMethods(Set.of("client_secret_basic")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client_secret_basic");
        assertThatThrownBy(() -> confidentialWithSecret().authenticationMethods(Set.of("none")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none");
    }

    @Test
    void whenAuthorizationCodeClientHasNoRedirectUrisThenItIsRefused() {
        assertThatThrownBy(() -> ClientDefinition.builder("app").type(ClientType.CONFIDENTIAL)
                .secret(new Secret("s3cret")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no redirectUris");
    }

    @Test
    void whenTypeIsLeftOutThenTheBuilderRefuses() {
        assertThatNullPointerException().isThrownBy(() -> ClientDefinition.builder("app").secret(new Secret("s"))
                .authenticationMethods(Set.of("client_secret_basic")).redirectUris(CALLBACK).build())
                .withMessageContaining("type of client app");
    }
}
