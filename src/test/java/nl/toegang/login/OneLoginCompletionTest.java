package nl.toegang.login;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import nl.toegang.mfa.passkey.Passkey;
import nl.toegang.mfa.passkey.PasskeyRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.DigidTestRealm;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every login method ends in the one completion ({@link LoginCompletion}): a password, a passkey and a DigiD login,
 * each through real HTTP, each leave exactly one {@code login success} audit row naming the factors, and the email
 * logins (never DigiD) each run the new-device check once: one known-device row per new browser, one notice mail
 * for a browser the account had not used before.
 */
class OneLoginCompletionTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String ALICE = "alice@example.org";
    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    static Path temp;
    static TestServer server;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        DigidTestRealm realm = DigidTestRealm.write(temp.resolve("realms"), REDIRECT);
        Path file = realm.realmsDir().resolve("portal.yaml");
        Files.writeString(file, Files.readString(file) + """
                users:
                  - email: %s
                    password: %s
                    name: Alice
                    emailVerified: true
                """.formatted(ALICE, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realm.realmsDir(), Map.of()).start();
        jdbc = server.bean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void passwordPasskeyAndDigidEachEndInOneCompletion() throws Exception {
        String alice = jdbc.sql("select id from account where realm = 'portal' and email = :email")
                .param("email", ALICE).query(String.class).single();

        // Password, first browser of the account: one login event, the browser remembered silently.
        Browser laptop = new Browser();
        String login = server.issuer("portal") + "/login";
        var page = laptop.get(login);
        var answer = laptop.postForm(login, Map.of("email", ALICE, "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(Browser.location(answer)).as("signed in").endsWith("/realms/portal/");
        assertThat(loginEvents(alice)).containsExactly("FACTOR_PASSWORD");
        assertThat(knownDevices(alice)).isEqualTo(1);
        assertThat(notices()).isZero();

        // Passkey, from a browser the account has not used: one more login event, one notice.
        Browser phone = new Browser();
        SoftwarePasskey passkey = SoftwarePasskey.registerFor(alice);
        String next = passkey.signIn(phone);
        assertThat(next).endsWith("/realms/portal/");
        assertThat(loginEvents(alice)).containsExactly("FACTOR_PASSWORD", "FACTOR_USER_VERIFIED FACTOR_WEBAUTHN");
        assertThat(knownDevices(alice)).isEqualTo(2);
        assertThat(notices()).isEqualTo(1);
        assertThat(phone.get(server.issuer("portal") + "/account").statusCode()).as("a realm session")
                .isEqualTo(200);

        // DigiD: one login event for the federated identity; no email account, so no device check at all.
        digidLogin(new Browser());
        List<String> federated = jdbc.sql("""
                        select account_id from audit_event
                        where realm = 'portal' and type = 'login' and outcome = 'success' and account_id <> :alice""")
                .param("alice", alice).query(String.class).list();
        assertThat(federated).hasSize(1);
        assertThat(loginEvents(federated.get(0))).containsExactly("FACTOR_SAML_RESPONSE");
        assertThat(jdbc.sql("select count(*) from known_device").query(Integer.class).single()).isEqualTo(2);
        assertThat(notices()).isEqualTo(1);
    }

    /** The reasons of the subject's login-success events, oldest first. */
    static List<String> loginEvents(String subject) {
        return jdbc.sql("""
                        select reason from audit_event
                        where realm = 'portal' and type = 'login' and outcome = 'success' and account_id = :subject
                        order by occurred_at""")
                .param("subject", subject).query(String.class).list();
    }

    static int knownDevices(String accountId) {
        return jdbc.sql("select count(*) from known_device where account_id = :id").param("id", accountId)
                .query(Integer.class).single();
    }

    /** Queued new-device notices (queued before the login answers). */
    static int notices() {
        return jdbc.sql("select count(*) from mail_outbox where template = 'new-device' and recipient = :to")
                .param("to", ALICE).query(Integer.class).single();
    }

    /** From the relying party through the mock DigiD to the code at the relying party. */
    static void digidLogin(Browser browser) {
        var client = new OidcTestClient(server.issuer("portal"), "rp", DigidTestRealm.SECRET, REDIRECT);
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(OidcTestClient.Pkce.create(),
                "state-1", "nonce-1"));
        params.put("scope", "openid profile");
        var authorize = browser.get(client.authorizationUrl(params));
        assertThat(Browser.location(authorize)).contains("/realms/portal/login");
        browser.get(Browser.resolve(authorize));
        var start = browser.get(server.issuer("portal") + "/saml/login");
        var mockPage = browser.get(Browser.location(start));
        assertThat(mockPage.statusCode()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", Browser.csrfToken(mockPage.body()));
        form.put("token", hidden(mockPage.body(), "token"));
        form.put("bsn", DigidTestRealm.BSN);
        form.put("level", "MIDDEN");
        form.put("action", "login");
        var answered = browser.postForm(server.baseUrl() + "/mock-digid/sso", form);
        var acs = browser.get(Browser.location(answered));
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        assertThat(Browser.location(browser.get(Browser.resolve(acs)))).startsWith(REDIRECT + "?code=");
    }

    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\"\\s+value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("hidden field " + name).isTrue();
        return m.group(1);
    }

    /**
     * A discoverable ES256 passkey held in the test: stored for the account through the repository (as a
     * registration would), then used through the real JSON login endpoints, signing what a platform authenticator
     * signs (WebAuthn Level 2 §6.1 authenticator data, §7.2 assertion).
     */
    record SoftwarePasskey(KeyPair keys, byte[] credentialId, String userHandle) {
        static SoftwarePasskey registerFor(String accountId) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            byte[] credentialId = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
            PasskeyRepository repository = server.bean(PasskeyRepository.class);
            String handle = repository.userHandle("portal", accountId);
            assertThat(repository.add(new Passkey(UUID.randomUUID().toString(), "portal", accountId,
                    B64URL.encodeToString(credentialId), B64URL.encodeToString(cose((ECPublicKey) keys.getPublic())),
                    0, Set.of("internal"), "00000000000000000000000000000000", "test phone", false, false,
                    Instant.now(), Optional.empty()))).isTrue();
            return new SoftwarePasskey(keys, credentialId, handle);
        }

        /** @return where the login page's script would go next */
        String signIn(Browser browser) throws Exception {
            String csrf = meta(browser.get(server.issuer("portal") + "/login").body());
            JsonNode options = JsonMapper.shared().readTree(post(browser, "/passkeys/login/options", "", csrf).body());
            JsonNode publicKey = options.has("publicKey") ? options.get("publicKey") : options;
            String origin = URI.create(server.baseUrl()).getScheme() + "://" + URI.create(server.baseUrl()).getHost()
                    + ":" + URI.create(server.baseUrl()).getPort();
            byte[] clientData = ("{\"type\":\"webauthn.get\",\"challenge\":\"" + publicKey.get("challenge").asString()
                    + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
            byte[] rpIdHash = sha256(publicKey.get("rpId").asString().getBytes(StandardCharsets.UTF_8));
            // Flags: user present (0x01) and user verified (0x04); signature counter 1.
            byte[] authData = ByteBuffer.allocate(37).put(rpIdHash).put((byte) 0x05).putInt(1).array();
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authData);
            signer.update(sha256(clientData));
            String id = B64URL.encodeToString(credentialId);
            String credential = """
                    {"type":"public-key","id":"%s","rawId":"%s","clientExtensionResults":{},
                     "response":{"authenticatorData":"%s","clientDataJSON":"%s","signature":"%s","userHandle":"%s"}}"""
                    .formatted(id, id, B64URL.encodeToString(authData), B64URL.encodeToString(clientData),
                            B64URL.encodeToString(signer.sign()), userHandle);
            var answer = post(browser, "/passkeys/login", credential, csrf);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return JsonMapper.shared().readTree(answer.body()).get("redirect").asString();
        }

        static HttpResponse<String> post(Browser browser, String path, String json, String csrf) {
            return browser.send(HttpRequest.newBuilder(URI.create(server.issuer("portal") + path))
                    .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        }

        static String meta(String html) {
            Matcher m = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(html);
            assertThat(m.find()).as("CSRF meta tag").isTrue();
            return m.group(1);
        }

        /** COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y. */
        static byte[] cose(ECPublicKey key) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[]{(byte) 0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20});
            out.writeBytes(unsigned32(key.getW().getAffineX().toByteArray()));
            out.writeBytes(new byte[]{0x22, 0x58, 0x20});
            out.writeBytes(unsigned32(key.getW().getAffineY().toByteArray()));
            return out.toByteArray();
        }

        static byte[] unsigned32(byte[] bigEndian) {
            byte[] fixed = new byte[32];
            int length = Math.min(bigEndian.length, 32);
            System.arraycopy(bigEndian, bigEndian.length - length, fixed, 32 - length, length);
            return fixed;
        }

        static byte[] sha256(byte[] data) throws Exception {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
    }
}
