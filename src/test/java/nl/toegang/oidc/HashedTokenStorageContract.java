package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import nl.toegang.session.RealmSessionCookies;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static nl.toegang.oidc.TestRealms.PASSWORD;
import static nl.toegang.oidc.TestRealms.REDIRECT;
import static nl.toegang.oidc.TestRealms.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of {@code oauth2_authorization} yields no usable code or token: the store keeps only keyed hashes
 * ({@code hmac-sha256:...}) and finds tokens by the hash of what a client presents, so every token still works at the
 * token, introspection, userinfo and revocation endpoints. Runs against every database the server supports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HashedTokenStorageContract {
    private static final String STORED_HASH = "hmac-sha256:[A-Za-z0-9_-]{43}";

    Path temp; // made in start(): a @TempDir field is not set yet when a PER_CLASS @BeforeAll runs
    TestServer server;
    OidcTestClient rp;
    JdbcClient jdbc;

    /** Extra server properties that select the database; called once, before the server starts. */
    abstract Map<String, String> database();

    void closeDatabase() {
    }

    @BeforeAll
    void start() throws Exception {
        temp = Files.createTempDirectory("hashed-tokens");
        TestRealms.write(temp.resolve("realms"),
                new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString());
        server = TestServer.embedded(temp.resolve("data"), temp.resolve("realms"), database()).start();
        rp = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
        jdbc = server.bean(JdbcClient.class);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        closeDatabase();
    }

    record Issued(String code, String accessToken, String refreshToken, String idToken) {
    }

    private Issued codeFlow(String[] verifierHolder) {
        Pkce pkce = Pkce.create();
        Browser browser = new Browser();
        String code = rp.loginAndAuthorize(browser, rp.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD).get("code");
        verifierHolder[0] = pkce.verifier();
        assertThat(everyStoredValue()).as("the code rests only as a hash").noneMatch(v -> v.contains(code));
        List<String> sessionCookies = browser.cookies().getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals(RealmSessionCookies.COOKIE)).map(HttpCookie::getValue)
                .toList();
        assertThat(sessionCookies).isNotEmpty();
        assertThat(everyStoredValue()).as("the authorizing session (its cookie) rests encrypted")
                .noneMatch(v -> sessionCookies.stream().anyMatch(v::contains));
        var response = rp.redeemCode(code, pkce.verifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = OidcTestClient.json(response.body());
        return new Issued(code, json.get("access_token").asString(), json.get("refresh_token").asString(),
                json.get("id_token").asString());
    }

    private Issued codeFlow() {
        return codeFlow(new String[1]);
    }

    /** Every non-null column value of every stored authorization, as text. */
    private List<String> everyStoredValue() {
        return jdbc.sql("SELECT * FROM oauth2_authorization").query().listOfRows().stream()
                .flatMap(row -> row.values().stream()).filter(Objects::nonNull).map(String::valueOf).toList();
    }

    private JsonNode introspect(String token) {
        return OidcTestClient.json(rp.postWithClientAuth("/oauth2/introspect", Map.of("token", token)).body());
    }

    @Test
    void whenCodeFlowCompletesThenTheRowHoldsOnlyKeyedHashesOfItsTokens() {
        Issued issued = codeFlow();

        assertThat(everyStoredValue()).as("no column of any row holds a token in plaintext").noneMatch(value ->
                value.contains(issued.code()) || value.contains(issued.accessToken())
                        || value.contains(issued.refreshToken()) || value.contains(issued.idToken()));
        StoredTokenValues hashes = server.bean(StoredTokenValues.class);
        Map<String, Object> row = jdbc.sql("SELECT authorization_code_value, access_token_value, refresh_token_value,"
                        + " oidc_id_token_value FROM oauth2_authorization WHERE access_token_value = ?")
                .param(hashes.lookupKey(issued.accessToken())).query().singleRow();
        assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value)).matches(STORED_HASH));
        assertThat(row).containsEntry("authorization_code_value", hashes.lookupKey(issued.code()))
                .containsEntry("refresh_token_value", hashes.lookupKey(issued.refreshToken()))
                .containsEntry("oidc_id_token_value", hashes.lookupKey(issued.idToken()));
    }

    @Test
    void hashedTokensStillWorkForUserinfoIntrospectionRefreshAndRevocation() {
        Issued issued = codeFlow();

        var userinfo = new Browser().get(rp.issuer() + "/userinfo",
                Map.of("Authorization", "Bearer " + issued.accessToken()));
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(introspect(issued.accessToken()).get("active").asBoolean()).isTrue();
        assertThat(introspect(issued.refreshToken()).get("active").asBoolean()).isTrue();
        assertThat(introspect(StoredTokenValues.PREFIX + "x").get("active").asBoolean()).isFalse();
        String storedHash = server.bean(StoredTokenValues.class).lookupKey(issued.accessToken());
        assertThat(introspect(storedHash).get("active").asBoolean()).as("a stolen hash is no token").isFalse();

        var rotated = rp.refresh(issued.refreshToken());
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode fresh = OidcTestClient.json(rotated.body());
        assertThat(everyStoredValue()).noneMatch(value -> value.contains(fresh.get("refresh_token").asString())
                || value.contains(fresh.get("access_token").asString()));
        assertThat(introspect(fresh.get("access_token").asString()).get("active").asBoolean()).isTrue();

        var revoked = rp.postWithClientAuth("/oauth2/revoke",
                Map.of("token", fresh.get("access_token").asString()));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(introspect(fresh.get("access_token").asString()).get("active").asBoolean()).isFalse();
    }

    @Test
    void whenRotatedRefreshTokenIsReusedThenTheFamilyIsRevoked() {
        Issued issued = codeFlow();
        var rotated = rp.refresh(issued.refreshToken());
        assertThat(rotated.statusCode()).isEqualTo(200);
        String current = OidcTestClient.json(rotated.body()).get("refresh_token").asString();

        assertThat(jdbc.sql("SELECT token_hash FROM oauth2_refresh_rotation").query(String.class).list())
                .as("the rotation table is keyed by the same hash").contains(
                        server.bean(StoredTokenValues.class).lookupKey(issued.refreshToken()))
                .allSatisfy(hash -> assertThat(hash).matches(STORED_HASH));
        assertThat(rp.refresh(issued.refreshToken()).statusCode()).isEqualTo(400);
        assertThat(rp.refresh(current).statusCode()).as("the family is revoked").isEqualTo(400);
    }

    @Test
    void whenCodeIsReplayedThenTheTokensItBoughtAreRevoked() {
        String[] verifier = new String[1];
        Issued issued = codeFlow(verifier);

        assertThat(rp.redeemCode(issued.code(), verifier[0]).statusCode()).isEqualTo(400);
        assertThat(introspect(issued.accessToken()).get("active").asBoolean()).isFalse();
        assertThat(rp.refresh(issued.refreshToken()).statusCode()).isEqualTo(400);
    }
}
