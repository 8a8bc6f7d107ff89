package nl.toegang;

import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.TestRunSecrets;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar toegang.jar import-keycloak ...} through the real dispatch of {@link ToegangApplication}, with an
 * export written by a real Keycloak: {@code src/test/resources/keycloak/gemeente-realm.json}.
 *
 * <p>How that export was made (Keycloak 26.5.6, {@code org.keycloak:keycloak-quarkus-dist:26.5.6:zip} from Maven
 * Central, run with Java 25):
 * <pre>
 * KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin-pass-kc bin/kc.sh start-dev --http-port=18080 --http-host=127.0.0.1
 * sh src/test/resources/keycloak/make-realm.sh    # kcadm.sh: realm, two clients, six users (read it for the details)
 * # stop Keycloak, then
 * bin/kc.sh export --realm gemeente --file gemeente-realm.json --users same_file
 * </pre>
 * The script sets the realm's {@code hashAlgorithm(...)} password policy before each user's password, so the export
 * holds pbkdf2-sha256 (anna, eva), pbkdf2-sha512 (bram), argon2 (carla, frank) and pbkdf2 = SHA-1 (dirk) hashes, and
 * imports eva with an {@code otp} credential by partial import. Nobody signed in to Keycloak before the export
 * (Keycloak would have rehashed them to its own policy). The passwords and the TOTP key below are test values only.
 */
class ImportKeycloakCommandTest {
    private static final Path EXPORT = resource("keycloak/gemeente-realm.json");
    private static final String REALM = "gemeente";
    /** Each user's Keycloak password and id; the id is kept as the account id, so {@code sub} stays the same. */
    private static final Map<String, User> USERS = new LinkedHashMap<>();
    /** Eva's authenticator app key as Keycloak stored it (a 20-character string, used as its UTF-8 bytes). */
    private static final byte[] EVA_TOTP_KEY = "Jx4kQ9mW2pR7tV5nZ8bC".getBytes(StandardCharsets.US_ASCII);
    private static final Totp TOTP = new Totp(TotpParameters.DEFAULT);
    private static final String PORTAL_WEB_SECRET = "Kc-portal-web-secret-0123456789abcdef";

    record User(String id, String password, String format) {
    }

    static {
        USERS.put("anna.sha256@example.org", new User("5e0db19e-fdea-4600-8058-762977607286",
                "Anna-Sha256-Wachtwoord", "pbkdf2-sha256"));
        USERS.put("bram.sha512@example.org", new User("ca943757-7bad-4eb3-81c6-5fa7a621a760",
                "Bram-Sha512-Password", "pbkdf2-sha512"));
        USERS.put("carla.argon2@example.org", new User("9c11fd68-9517-497a-8cd0-d3d743e86c15",
                "Carla-Argon2-Wachtwoord", "argon2"));
        USERS.put("dirk.sha1@example.org", new User("ac25999b-c48a-4b77-8710-2123ad652a3d",
                "Dirk-Legacy-Sha1-Password", "pbkdf2"));
        USERS.put("eva.totp@example.org", new User("f346b5d4-8146-4ce2-8056-9963d444714c",
                "Eva-Totp-Wachtwoord-1", "pbkdf2-sha256"));
        USERS.put("frank.disabled@example.org", new User("fefa5aaf-6247-49f1-b7bd-d6ac708620e6",
                "Frank-Disabled-Password", "argon2"));
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void rememberSecrets() {
        USERS.values().forEach(u -> TestRunSecrets.remember(u.password()));
        TestRunSecrets.remember(new String(EVA_TOTP_KEY, StandardCharsets.US_ASCII));
        TestRunSecrets.remember(PORTAL_WEB_SECRET);
    }

    record Result(int exit, String out, String err) {
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path realms() {
        return dir.resolve("realms");
    }

    private String jdbcUrl() {
        return "jdbc:h2:file:" + data().resolve("toegang") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private Result importKeycloak(String... extra) {
        List<String> args = new ArrayList<>(List.of("import-keycloak", EXPORT.toString(), "--realm", REALM,
                "--out", realms().toString(), "--toegang.data-dir=" + data(), "--spring.datasource.url=" + jdbcUrl()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> exits = new ArrayList<>();
        ToegangApplication.launch(args, name -> null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), exits::add);
        assertThat(exits).as("exit is called once").hasSize(1);
        return new Result(exits.get(0), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whenTheExportIsImportedThenEveryoneSignsInWithTheirKeycloakPasswordAndIsRehashedToArgon2id()
            throws Exception {
        Result first = importKeycloak();

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .contains("Keycloak export of realm gemeente (Keycloak 26.5.6): 8 clients, 7 users")
                .contains("portal-web: confidential, authorization_code, refresh_token, client_credentials;"
                        + " 1 redirect URI(s), 1 post-logout URI(s)")
                .contains("mobile-app: public, authorization_code, refresh_token; 2 redirect URI(s)")
                .contains("created       anna.sha256@example.org: password pbkdf2-sha256 (kept until the first"
                        + " sign-in)")
                .contains("created       eva.totp@example.org: password pbkdf2-sha256 (kept until the first sign-in),"
                        + " authenticator app")
                .contains("created       frank.disabled@example.org: password argon2 (kept until the first"
                        + " sign-in), disabled, address not verified")
                .contains("client mobile-app: direct access grants (password grant) are refused")
                .contains("client portal-web: secret not written to the realm file; set the environment variable"
                        + " PORTAL_WEB_SECRET")
                .contains("user service-account-portal-web: service account of client portal-web")
                .contains("passwordPolicy: not carried over")
                .contains("Done: created 6 account(s), 0 unchanged, 0 not imported, 1 skipped; realm file written");
        assertNoSecretIn(first.out() + first.err());
        Map<String, String> imported = passwordHashes();
        USERS.forEach((email, user) -> assertThat(imported.get(user.id()))
                .as("the hash of %s is kept in Keycloak's format, tagged", email)
                .startsWith("$legacy-keycloak$" + user.format() + "$"));
        String realmFile = Files.readString(realms().resolve("gemeente.yaml"));
        assertThat(realmFile).contains("secret: \"${PORTAL_WEB_SECRET}\"").doesNotContain(PORTAL_WEB_SECRET)
                .contains("- \"https://portaal.example.org/login/callback\"");

        // The second run finds everything in place and says so.
        Map<String, String> accountsBefore = accountRows();
        Result second = importKeycloak();
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("unchanged     anna.sha256@example.org: already imported")
                .contains("Nothing changed: created 0 account(s), 6 unchanged, 0 not imported, 1 skipped;"
                        + " realm file unchanged");
        assertThat(accountRows()).isEqualTo(accountsBefore);

        // The operator provides the client secret in the environment; the test server reads System.getenv, so the
        // test writes the value in its copy instead.
        Files.writeString(realms().resolve("gemeente.yaml"),
                realmFile.replace("${PORTAL_WEB_SECRET}", PORTAL_WEB_SECRET));
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer server = TestServer.embedded(data(), realms(), Map.of()).withClock(clock).start()) {
            String issuer = server.issuer(REALM);
            OidcTestClient app = new OidcTestClient(issuer, "mobile-app", null, "http://127.0.0.1/callback");

            // A wrong password against a legacy hash fails like any other and counts towards the lockout.
            String bram = USERS.get("bram.sha512@example.org").id();
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                wrong.add(outcome(postLogin(new Browser(), issuer, "bram.sha512@example.org", "Bram-Wrong-Pass-" + i),
                        issuer));
            }
            assertThat(wrong).containsOnly("?error");
            assertThat(outcome(postLogin(new Browser(), issuer, "bram.sha512@example.org",
                    USERS.get("bram.sha512@example.org").password()), issuer))
                    .as("the right password inside the delay the four failures started (3 free by default)")
                    .isEqualTo("?wait");
            assertThat(count("SELECT COUNT(*) FROM audit_event WHERE account_id = '" + bram
                    + "' AND type = 'login' AND outcome = 'failure'")).isEqualTo(4);
            assertThat(passwordHashes().get(bram)).as("a wrong password changes nothing")
                    .startsWith("$legacy-keycloak$pbkdf2-sha512$");
            clock.advance(Duration.ofMinutes(1)); // past the delay the fourth failure started

            for (String email : List.of("anna.sha256@example.org", "bram.sha512@example.org",
                    "carla.argon2@example.org", "dirk.sha1@example.org")) {
                var pkce = OidcTestClient.Pkce.create();
                var params = app.authorizationParams(pkce, "state-" + email.hashCode(), "nonce-1");
                Map<String, String> back = app.loginAndAuthorize(new Browser(), params, email,
                        USERS.get(email).password());
                var tokens = app.redeemCode(back.get("code"), pkce.verifier());
                assertThat(tokens.statusCode()).as(email).isEqualTo(200);
                assertThat(app.verify(OidcTestClient.json(tokens.body()).get("id_token").asString()).getSubject())
                        .as("sub is the Keycloak user id").isEqualTo(USERS.get(email).id());
            }

            // Eva: her Keycloak password, then a code from the authenticator app she set up in Keycloak.
            Browser browser = new Browser();
            var pkce = OidcTestClient.Pkce.create();
            var first2 = browser.get(app.authorizationUrl(app.authorizationParams(pkce, "state-eva", "nonce-eva")));
            assertThat(first2.statusCode()).isEqualTo(302);
            var afterPassword = postLogin(browser, issuer, "eva.totp@example.org",
                    USERS.get("eva.totp@example.org").password());
            assertThat(Browser.location(afterPassword)).endsWith("/login/second-factor");
            var step = browser.get(issuer + "/login/second-factor");
            var done = browser.postForm(issuer + "/login/second-factor", Map.of("code",
                    TOTP.code(EVA_TOTP_KEY, TOTP.timeStep(clock.instant())), "_csrf", Browser.csrfToken(step.body())));
            assertThat(done.statusCode()).isEqualTo(303);
            var toClient = browser.get(Browser.resolve(done));
            assertThat(Browser.location(toClient)).startsWith("http://127.0.0.1/callback?code=");

            // Frank was disabled in Keycloak and stays so: the right password gets the one generic answer.
            assertThat(outcome(postLogin(new Browser(), issuer, "frank.disabled@example.org",
                    USERS.get("frank.disabled@example.org").password()), issuer)).isEqualTo("?error");
        }

        Map<String, String> after = passwordHashes();
        USERS.forEach((email, user) -> {
            if (email.startsWith("frank")) {
                assertThat(after.get(user.id())).as("never signed in").startsWith("$legacy-keycloak$argon2$");
            } else {
                assertThat(after.get(user.id())).as("%s after signing in", email).startsWith("$argon2id$v=19$");
            }
        });
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE realm = 'gemeente' AND type = 'password-migrated'"
                + " AND outcome = 'success'")).as("one audit event per replaced legacy hash").isEqualTo(5);
        // A later run does not bring the old hashes back.
        Result third = importKeycloak();
        assertThat(third.out()).contains("Nothing changed");
        assertThat(passwordHashes()).isEqualTo(after);
    }

    @Test
    void whenDryRunThenNothingIsWrittenButTheReportIsComplete() throws Exception {
        Result dry = importKeycloak("--dry-run");

        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("DRY RUN: nothing is written")
                .contains("would create  anna.sha256@example.org: password pbkdf2-sha256")
                .contains("Realm file " + realms().resolve("gemeente.yaml") + ": would be written")
                .contains("Dry run, nothing written: would create 6 account(s), 0 unchanged");
        assertNoSecretIn(dry.out() + dry.err());
        assertThat(realms()).doesNotExist();
        assertThat(data()).as("not even an empty database").doesNotExist();

        assertThat(importKeycloak().exit()).isZero();
        Map<String, String> before = accountRows();
        Result again = importKeycloak("--dry-run");
        assertThat(again.out()).contains("would create 0 account(s), 6 unchanged");
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void whenTheProdProfileNamesPostgresqlThenTheAccountsGoThereWithTheTotpKeyEncrypted() throws Exception {
        byte[] masterKey = new byte[32];
        new java.security.SecureRandom().nextBytes(masterKey);
        String masterKeyBase64 = java.util.Base64.getEncoder().encodeToString(masterKey);
        TestRunSecrets.remember(masterKeyBase64);
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            String[] args = {"import-keycloak", EXPORT.toString(), "--realm", REALM, "--out", realms().toString(),
                    "--spring.profiles.active=prod", "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--toegang.master-key=" + masterKeyBase64};

            Result first = run(args);

            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("Done: created 6 account(s)");
            assertNoSecretIn(first.out() + first.err());
            var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(database.dataSource());
            assertThat(jdbc.sql("SELECT password_hash FROM account WHERE realm = 'gemeente' ORDER BY email")
                    .query(String.class).list())
                    .hasSize(6).allSatisfy(hash -> assertThat(hash).startsWith("$legacy-keycloak$"));
            String eva = USERS.get("eva.totp@example.org").id();
            var totp = jdbc.sql("SELECT secret_encrypted, algorithm, digits, period, confirmed FROM mfa_totp"
                    + " WHERE account_id = ?").param(eva).query().singleRow();
            assertThat(totp).containsEntry("algorithm", "SHA1").containsEntry("digits", 6)
                    .containsEntry("period", 30).containsEntry("confirmed", true);
            byte[] stored = java.util.Base64.getDecoder().decode((String) totp.get("secret_encrypted"));
            assertThat(nl.toegang.crypto.MasterKey.fromBase64(masterKeyBase64).decrypt(stored, "totp:gemeente:" + eva))
                    .as("the key Keycloak stored, encrypted with the master key").isEqualTo(EVA_TOTP_KEY);

            Result second = run(args);
            assertThat(second.out()).contains("Nothing changed: created 0 account(s), 6 unchanged");
        }
    }

    @Test
    void whenTheExportHoldsWhatToegangCannotMapThenTheReportNamesEachWithoutItsSecret() throws IOException {
        Path export = Files.writeString(dir.resolve("odd.json"), """
                {"realm": "gemeente", "keycloakVersion": "26.5.6", "bruteForceProtected": true,
                 "identityProviders": [{"alias": "partner"}],
                 "clients": [
                   {"clientId": "wild", "publicClient": true, "standardFlowEnabled": true,
                    "redirectUris": ["https://a.example.org/*", "https://a.example.org/cb"],
                    "attributes": {"post.logout.redirect.uris": "+##https://a.example.org/bye"}},
                   {"clientId": "saml-app", "protocol": "saml"},
                   {"clientId": "api", "bearerOnly": true}],
                 "users": [
                   {"id": "u1", "username": "kim", "email": "kim@example.org", "requiredActions": ["UPDATE_PASSWORD"],
                    "attributes": {"department": ["x"]},
                    "credentials": [
                      {"type": "password", "secretData": "{\\"value\\":\\"c2VjcmV0LWJjcnlwdC12YWx1ZQ==\\"}",
                       "credentialData": "{\\"algorithm\\":\\"bcrypt\\",\\"hashIterations\\":10}"},
                      {"type": "otp", "secretData": "{\\"value\\":\\"HotpSecretValue12345\\"}",
                       "credentialData": "{\\"subType\\":\\"hotp\\",\\"digits\\":6}"},
                      {"type": "webauthn-passwordless", "secretData": "{}",
                       "credentialData": "{\\"credentialId\\":\\"AbCd\\"}"}]},
                   {"id": "u2", "username": "no-address"}]}
                """);

        Result result = run("import-keycloak", export.toString(), "--realm", REALM, "--out", realms().toString(),
                "--dry-run", "--toegang.data-dir=" + data(), "--spring.datasource.url=" + jdbcUrl());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("wild: public, authorization_code, refresh_token; 1 redirect URI(s), 2 post-logout URI(s)")
                .contains("client wild: redirectUris entry https://a.example.org/* has a wildcard")
                .contains("client saml-app: protocol saml is not supported")
                .contains("client api: bearer-only")
                .contains("bruteForceProtected: Keycloak's brute-force detection is replaced")
                .contains("identityProviders: identity brokering is not carried over")
                .contains("user kim@example.org: password credential not carried over: hash algorithm 'bcrypt'")
                .contains("user kim@example.org: otp credential not carried over: counter-based (HOTP)")
                .contains("user kim@example.org: webauthn-passwordless credential not carried over: passkeys are"
                        + " not imported yet")
                .contains("user kim@example.org: pending Keycloak required actions UPDATE_PASSWORD")
                .contains("user kim@example.org: attributes department not carried over")
                .contains("user no-address: has no email address")
                .contains("would create  kim@example.org: no password")
                .doesNotContain("c2VjcmV0LWJjcnlwdC12YWx1ZQ").doesNotContain("HotpSecretValue12345");
        assertThat(realms()).doesNotExist();
    }

    static Stream<Arguments> malformedExports() {
        return Stream.of(
                Arguments.of("not JSON", "{\"realm\": \"gemeente\",", "not JSON"),
                Arguments.of("not an export", "[1, 2]", "holds no realm named 'gemeente'"),
                Arguments.of("no realm", "{\"users\": []}", "realm: missing: this is not a Keycloak realm export"),
                Arguments.of("other realm", "{\"realm\": \"master\"}",
                        "realm: the export holds realm 'master', not 'gemeente'"),
                Arguments.of("users not a list", "{\"realm\": \"gemeente\", \"users\": {}}", "users: must be a list"),
                Arguments.of("user without id", "{\"realm\": \"gemeente\", \"users\": [{\"username\": \"x\"}]}",
                        "users[0].id: missing or not a string"),
                Arguments.of("credential data not JSON", """
                        {"realm": "gemeente", "users": [{"id": "1", "username": "x", "email": "x@example.org",
                          "credentials": [{"type": "password", "secretData": "{oops", "credentialData": "{}"}]}]}
                        """, "users[0].credentials[0].secretData: is not JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedExports")
    void whenTheExportIsMalformedThenOneLineSaysWhatAndNothingIsWritten(String kind, String json, String problem)
            throws IOException {
        Path export = Files.writeString(dir.resolve("export.json"), json);

        Result result = run("import-keycloak", export.toString(), "--realm", REALM, "--out", realms().toString(),
                "--toegang.data-dir=" + data(), "--spring.datasource.url=" + jdbcUrl());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines().toList()).singleElement().asString()
                .startsWith("import-keycloak: " + export + " is not a usable Keycloak export: ")
                .contains(problem);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
        assertThat(realms()).doesNotExist();
        assertThat(data()).doesNotExist();
    }

    @Test
    void whenTheCommandLineIsIncompleteThenUsageAndExitTwo() {
        Result noRealm = run("import-keycloak", EXPORT.toString());
        assertThat(noRealm.exit()).isEqualTo(2);
        assertThat(noRealm.err()).startsWith("import-keycloak: name the realm: --realm NAME");

        Result badName = run("import-keycloak", EXPORT.toString(), "--realm", "Gemeente!");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("is not a Toegang realm name");

        Result missing = run("import-keycloak", dir.resolve("nope.json").toString(), "--realm", REALM);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("import-keycloak: no such file: " + dir.resolve("nope.json") + "\n");
    }

    private static void assertNoSecretIn(String output) throws IOException {
        String export = Files.readString(EXPORT);
        List<String> secrets = new ArrayList<>(List.of(PORTAL_WEB_SECRET,
                new String(EVA_TOTP_KEY, StandardCharsets.US_ASCII)));
        USERS.values().forEach(u -> secrets.add(u.password()));
        // every salt and hash value in the export
        var matcher = java.util.regex.Pattern.compile("\\\\\"(?:value|salt)\\\\\":\\\\\"([^\\\\]+)\\\\\"")
                .matcher(export);
        while (matcher.find()) {
            secrets.add(matcher.group(1));
        }
        assertThat(secrets).hasSizeGreaterThan(12);
        secrets.forEach(s -> assertThat(output).as("output holds no secret").doesNotContain(s));
    }

    private static HttpResponse<String> postLogin(Browser browser, String issuer, String email, String password) {
        var page = browser.get(issuer + "/login");
        return browser.postForm(issuer + "/login", Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())));
    }

    private static String outcome(HttpResponse<String> response, String issuer) {
        assertThat(response.statusCode()).isEqualTo(303);
        String location = Browser.location(response);
        String login = issuer + "/login";
        int at = location.indexOf("/login?");
        return at >= 0 ? location.substring(at + "/login".length()) : "signed-in:" + location + login;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "sa", "");
    }

    private Map<String, String> passwordHashes() throws SQLException {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (Connection c = connect(); var rs = c.createStatement().executeQuery(
                "SELECT id, password_hash FROM account WHERE realm = 'gemeente' ORDER BY id")) {
            while (rs.next()) {
                hashes.put(rs.getString(1), rs.getString(2));
            }
        }
        return hashes;
    }

    /** Every column of every account and TOTP row of the realm, to compare runs. */
    private Map<String, String> accountRows() throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = connect()) {
            for (String table : List.of("account", "mfa_totp")) {
                try (var rs = c.createStatement().executeQuery("SELECT * FROM " + table
                        + " WHERE realm = 'gemeente' ORDER BY 1")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i))
                                    .append(';');
                        }
                        rows.put(table + ":" + rs.getString(1), row.toString());
                    }
                }
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(ImportKeycloakCommandTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
