package nl.toegang.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code upstreams:} list: defaults, every field, and the errors an operator can make, each on its line. */
class UpstreamRealmFileTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            name: portal
            displayName: Portaal
            upstreams:
            """;
    private static final String SECRET = "Xq8v2Lr7Tn0pWz5Kc3Hm9Bd6Fj1Sg4Ya";

    private static String entry(String extra) {
        return """
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    issuer: https://idp.partner.example
                    clientId: toegang
                    clientSecret: ${PARTNER_SECRET}
                """ + extra;
    }

    private RealmFiles files() {
        return RealmFiles.development(dir).withEnvironment(Map.of("PARTNER_SECRET", SECRET));
    }

    @Test
    void whenOnlyRequiredFieldsThenDefaultsApply() {
        UpstreamSettings upstream = files().parse(HEAD + entry("")).upstream("partner").orElseThrow();
        assertThat(upstream.type()).isEqualTo(UpstreamSettings.Type.OIDC);
        assertThat(upstream.issuer()).isEqualTo("https://idp.partner.example");
        assertThat(upstream.clientSecret().orElseThrow().reveal()).as("from the environment").isEqualTo(SECRET);
        assertThat(upstream.clientAuthentication())
                .isEqualTo(UpstreamSettings.ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(upstream.scopes()).containsExactly("openid");
        assertThat(upstream.claims()).isEmpty();
        assertThat(upstream.acr()).isEmpty();
        assertThat(upstream.userinfo()).isFalse();
        assertThat(upstream.linking()).isEqualTo(UpstreamSettings.Linking.NONE);
        assertThat(upstream.who()).isEmpty();
        assertThat(upstream.toString()).doesNotContain(SECRET);
    }

    @Test
    void whenEveryFieldIsGivenThenItIsRead() {
        RealmDefinition realm = files().parse(HEAD + entry("""
                    who: {nl: Voor medewerkers van Partner., en: For Partner staff.}
                    clientAuthentication: client_secret_basic
                    scopes: [openid, profile, email]
                    claims: {name: name, email: mail, email_verified: email_verified}
                    acr:
                      - upstream: urn:partner:low
                        issued: http://eidas.europa.eu/LoA/low
                      - upstream: urn:partner:high
                        issued: http://eidas.europa.eu/LoA/high
                    userinfo: true
                    linking: none
                """));
        UpstreamSettings upstream = realm.upstreams().get(0);
        assertThat(upstream.who().orElseThrow().in("en")).isEqualTo("For Partner staff.");
        assertThat(upstream.scopes()).containsExactly("openid", "profile", "email");
        assertThat(upstream.claims()).containsExactly(Map.entry("name", "name"), Map.entry("email", "mail"),
                Map.entry("email_verified", "email_verified"));
        assertThat(upstream.acr()).extracting(UpstreamSettings.AcrLevel::upstream)
                .containsExactly("urn:partner:low", "urn:partner:high");
        assertThat(upstream.atLeast("http://eidas.europa.eu/LoA/low").orElseThrow()).hasSize(2);
        assertThat(upstream.atLeast("http://eidas.europa.eu/LoA/high").orElseThrow()).hasSize(1);
        assertThat(upstream.atLeast("urn:unknown")).isEmpty();
        assertThat(upstream.userinfo()).isTrue();
    }

    @Test
    void whenNoUpstreamsThenTheRealmHasNone() {
        assertThat(files().parse("name: portal\ndisplayName: Portaal\n").upstreams()).isEmpty();
    }

    @Test
    void whenTypeIsNeitherOidcNorSamlThenRefusedOnItsLine() {
        var e = files().failure(HEAD + entry("").replace("type: oidc", "type: ldap"));
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.problem()).contains("unknown type 'ldap'").contains("oidc").contains("saml");
    }

    @Test
    void whenAMappedClaimNameIsNotAClaimNameThenRefusedOnItsLineWithTheRule() {
        var e = files().failure(HEAD + entry("    claims: {email: \"e mail\"}\n"));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).isEqualTo("claims.email of upstream 'partner' must name the provider's claim"
                + " (letters, digits and _ . : / -), found 'e mail'");
    }

    @Test
    void whenTypeIsMissingThenRefused() {
        var e = files().failure(HEAD + entry("").replace("    type: oidc\n", ""));
        assertThat(e.problem()).contains("missing required field 'type' in upstream 'partner'");
    }

    @Test
    void whenIdIsNotUrlSafeThenRefusedOnItsLine() {
        var e = files().failure(HEAD + entry("").replace("id: partner", "id: Partner_IdP"));
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.problem()).contains("upstream id 'Partner_IdP'");
    }

    @Test
    void whenTwoUpstreamsShareAnIdOrAnIssuerThenTheSecondIsRefused() {
        String second = entry("").replace("idp.partner.example", "other.example");
        var e = files().failure(HEAD + entry("") + second);
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).contains("already used by the upstream on line 4");

        var sameIssuer = files().failure(HEAD + entry("") + entry("").replace("id: partner", "id: partner2"));
        assertThat(sameIssuer.line()).isEqualTo(13);
        assertThat(sameIssuer.problem()).contains("same issuer");
    }

    @Test
    void whenIssuerIsNotAnHttpsUrlThenRefused() {
        var query = files().failure(HEAD + entry("").replace("https://idp.partner.example",
                "https://idp.partner.example/?tenant=1"));
        assertThat(query.line()).isEqualTo(7);
        assertThat(query.problem()).contains("issuer of upstream 'partner' must not contain a query");
        var relative = files().failure(HEAD + entry("").replace("https://idp.partner.example", "idp.partner"));
        assertThat(relative.problem()).contains("must be an absolute https:// URL");
        var plainHttp = files().inProduction().failure(HEAD + entry("").replace("https://", "http://"));
        assertThat(plainHttp.line()).isEqualTo(7);
        assertThat(plainHttp.problem()).contains("https in production");
        assertThat(files().parse(HEAD + entry("").replace("https://idp.partner.example", "http://localhost:9000"))
                .upstreams().get(0).issuer()).as("http outside production, for a provider on this machine")
                .isEqualTo("http://localhost:9000");
    }

    @Test
    void whenSecretIsMissingEmptyOrWeakInProductionThenRefused() {
        var missing = files().failure(HEAD + entry("").replace("    clientSecret: ${PARTNER_SECRET}\n", ""));
        assertThat(missing.problem()).contains("uses client_secret_basic but has no clientSecret");
        var empty = files().failure(HEAD + entry("").replace("${PARTNER_SECRET}", "\"\""));
        assertThat(empty.line()).isEqualTo(9);
        assertThat(empty.problem()).contains("empty clientSecret");
        var weak = RealmFiles.development(dir).withEnvironment(Map.of("PARTNER_SECRET", "changeme")).inProduction()
                .failure(HEAD + entry(""));
        assertThat(weak.line()).isEqualTo(9);
        assertThat(weak.problem()).contains("weak clientSecret").doesNotContain("changeme");
        var unset = RealmFiles.development(dir).failure(HEAD + entry(""));
        assertThat(unset.line()).isEqualTo(9);
        assertThat(unset.problem()).contains("PARTNER_SECRET is not set");
    }

    @Test
    void whenScopesLackOpenidThenRefused() {
        var e = files().failure(HEAD + entry("    scopes: [profile, email]\n"));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).contains("must include openid");
    }

    @Test
    void whenAClaimCannotBeReleasedThenTheAllowedOnesAreListed() {
        var e = files().failure(HEAD + entry("    claims: {sub: sub}\n"));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).contains("unknown field 'sub'").contains("name, given_name, family_name, email");
    }

    @Test
    void whenAnAcrLevelRepeatsThenRefused() {
        var e = files().failure(HEAD + entry("""
                    acr:
                      - {upstream: urn:partner:low, issued: urn:ours:low}
                      - {upstream: urn:partner:low, issued: urn:ours:high}
                """));
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.problem()).contains("repeats a value");
        var spaced = files().failure(HEAD + entry("    acr: [{upstream: \"a b\", issued: x}]\n"));
        assertThat(spaced.problem()).contains("without spaces");
    }

    @Test
    void whenLinkingIsVerifiedEmailWithoutBothClaimsMappedThenRefused() {
        var e = files().failure(HEAD + entry("    linking: verified-email\n"));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).contains("map both email and email_verified");
        assertThat(files().failure(HEAD + entry("    linking: email\n")).problem())
                .contains("allowed: none, verified-email");
    }

    @Test
    void whenAFieldIsMisspelledThenTheRightOneIsSuggested() {
        var e = files().failure(HEAD + entry("    client_id: x\n"));
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.problem()).contains("did you mean 'clientId'");
    }

    private void writeKey(String name, int bits) throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        java.nio.file.Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
    }

    private static String keyEntry(String extra) {
        return entry(extra).replace("    clientSecret: ${PARTNER_SECRET}\n", "");
    }

    @Test
    void whenPrivateKeyJwtHasAnRsaKeyThenItIsRead() throws Exception {
        writeKey("client.pem", 2048);
        UpstreamSettings upstream = files().parse(HEAD + keyEntry("""
                    clientAuthentication: private_key_jwt
                    signingKey: client.pem
                """)).upstreams().get(0);
        assertThat(upstream.clientAuthentication()).isEqualTo(UpstreamSettings.ClientAuthentication.PRIVATE_KEY_JWT);
        assertThat(upstream.signingKey()).contains(dir.resolve("client.pem").toAbsolutePath());
        assertThat(upstream.clientSecret()).isEmpty();
    }

    @Test
    void whenPrivateKeyJwtLacksItsKeyOrKeepsASecretThenRefused() throws Exception {
        var noKey = files().failure(HEAD + keyEntry("    clientAuthentication: private_key_jwt\n"));
        assertThat(noKey.problem()).contains("uses private_key_jwt but has no signingKey");
        writeKey("client.pem", 2048);
        var withSecret = files().failure(HEAD + entry("""
                    clientAuthentication: private_key_jwt
                    signingKey: client.pem
                """));
        assertThat(withSecret.line()).isEqualTo(9);
        assertThat(withSecret.problem()).contains("clientSecret would never be used");
        var keyWithoutMethod = files().failure(HEAD + entry("    signingKey: client.pem\n"));
        assertThat(keyWithoutMethod.line()).isEqualTo(10);
        assertThat(keyWithoutMethod.problem()).contains("has a signingKey but uses client_secret_basic");
    }

    @Test
    void whenTheSigningKeyIsMissingNotAKeyOrTooShortThenRefusedOnItsLine() throws Exception {
        var missing = files().failure(HEAD + keyEntry("""
                    clientAuthentication: private_key_jwt
                    signingKey: nope.pem
                """));
        assertThat(missing.line()).isEqualTo(10);
        assertThat(missing.problem()).contains("'nope.pem' of upstream 'partner' does not exist");
        java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not a key");
        var junk = files().failure(HEAD + keyEntry("""
                    clientAuthentication: private_key_jwt
                    signingKey: junk.pem
                """));
        assertThat(junk.line()).isEqualTo(10);
        assertThat(junk.problem()).contains("is not a PEM PKCS#8 private key");
        writeKey("short.pem", 1024);
        var shortKey = files().failure(HEAD + keyEntry("""
                    clientAuthentication: private_key_jwt
                    signingKey: short.pem
                """));
        assertThat(shortKey.problem()).contains("1024 bits; use at least 2048");
    }
}
