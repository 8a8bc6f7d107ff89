package nl.toegang.oidc;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The authorization store's JSON mapper reads and writes exactly what Spring's own mapper does (stored rows stay
 * readable both ways), keeps Spring's type allow-list, and builds each type deserializer once.
 */
class AuthorizationJsonTest {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** What JdbcOAuth2AuthorizationService uses when it is given no mapper. */
    private final JsonMapper springs = JsonMapper.builder()
            .addModules(SecurityJacksonModules.getModules(getClass().getClassLoader())).build();
    private final JsonMapper ours = AuthorizationJson.mapper();

    @Test
    void writesAndReadsStoredAttributesExactlyAsSpringsOwnMapper() {
        Map<String, Object> attributes = attributes();

        String written = ours.writeValueAsString(attributes);
        assertThat(written).isEqualTo(springs.writeValueAsString(attributes));

        Map<String, Object> read = ours.readValue(written, MAP);
        Map<String, Object> readBySpring = springs.readValue(written, MAP);
        var principal = (UsernamePasswordAuthenticationToken) read.get(Principal.class.getName());
        assertThat(principal).isEqualTo(readBySpring.get(Principal.class.getName()));
        assertThat(principal.getName()).isEqualTo("7c1f0b2e-account");
        assertThat(principal.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("FACTOR_PASSWORD", "REALM_portal");
        assertThat(principal.getAuthorities()).first().isInstanceOf(FactorGrantedAuthority.class)
                .extracting(a -> ((FactorGrantedAuthority) a).getIssuedAt())
                .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        var request = (OAuth2AuthorizationRequest) read.get(OAuth2AuthorizationRequest.class.getName());
        assertThat(request.getScopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(request.getAdditionalParameters()).containsEntry("nonce", "n-0S6_WzA2Mj");
        assertThat(request.getRedirectUri()).isEqualTo("https://portal.example.org/callback");
        assertThat(read.get("nl.toegang.session.authorizing-session")).isEqualTo("session-id-1");
        // Written again after reading: what Spring's mapper writes for what it read (nothing lost or added).
        assertThat(ours.writeValueAsString(read)).isEqualTo(springs.writeValueAsString(readBySpring));
    }

    @Test
    void refusesTypesOutsideSpringsAllowList() {
        String gadget = """
                {"@class":"java.util.HashMap","x":{"@class":"java.io.File","path":"/etc/passwd"}}""";
        assertThatThrownBy(() -> ours.readValue(gadget, MAP)).isInstanceOf(DatabindException.class)
                .hasMessageContaining("java.io.File");
        assertThatThrownBy(() -> springs.readValue(gadget, MAP)).isInstanceOf(DatabindException.class);
    }

    @Test
    void buildsTheTypeDeserializerOfEachDeclaredTypeOnce() {
        String written = ours.writeValueAsString(attributes());
        ours.readValue(written, MAP);
        var typing = ours.deserializationConfig().getDefaultTyper(ours.constructType(Object.class));
        assertThat(typing).isInstanceOf(AuthorizationJson.ReusedTypeDeserializers.class);
        int typesAfterFirstRead = ((AuthorizationJson.ReusedTypeDeserializers) typing).size();
        assertThat(typesAfterFirstRead).isPositive();

        for (int i = 0; i < 5; i++) {
            ours.readValue(written, MAP);
        }
        assertThat(((AuthorizationJson.ReusedTypeDeserializers) typing).size()).isEqualTo(typesAfterFirstRead);
    }

    private static Map<String, Object> attributes() {
        // As RealmSignIn builds a signed-in principal: a mutable list (the allow-list knows ArrayList).
        List<GrantedAuthority> authorities = new ArrayList<>(List.of(
                FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD")
                        .issuedAt(Instant.parse("2026-11-26T10:00:00Z")).build(),
                new SimpleGrantedAuthority("REALM_portal")));
        Authentication principal = UsernamePasswordAuthenticationToken.authenticated(
                new User("7c1f0b2e-account", "", authorities), null, authorities);
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://toegang.example.org/realms/portal/protocol/openid-connect/auth")
                .clientId("portal")
                .redirectUri("https://portal.example.org/callback")
                .scopes(Set.of("openid", "profile"))
                .state("state-1")
                .additionalParameters(Map.of("nonce", "n-0S6_WzA2Mj"))
                .build();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(Principal.class.getName(), principal);
        attributes.put(OAuth2AuthorizationRequest.class.getName(), request);
        attributes.put("nl.toegang.session.authorizing-session", "session-id-1");
        return attributes;
    }
}
