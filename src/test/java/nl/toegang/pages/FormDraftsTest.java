package nl.toegang.pages;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import nl.toegang.session.RealmSessionCookies;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.RedisTestKeys;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Post/redirect/get for refused forms ({@link FormDrafts}), over HTTP against two nodes that share only PostgreSQL
 * and Redis: the refused POST answers 303 to the form's own page, the GET on the other node shows the problems once
 * and the typed values in either language, the session in Redis never holds the password, a draft fills only its own
 * form in its own session, success and time clear it, CSRF is still checked first, and a refused registration of a
 * known address looks exactly like one of a new address. Skipped without PostgreSQL or Redis, except with CI=true.
 */
class FormDraftsTest {
    static final String REDIS = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");
    static final String WEAK = "short-" + UUID.randomUUID().toString().substring(0, 4);
    static final String GOOD_PASSWORD = "lantern orbit cactus velvet";
    static final Pattern DRAFT_LOCATION = Pattern.compile("/realms/portal/register\\?draft=[A-Za-z0-9_-]{16}");

    @TempDir
    static Path temp;
    static PostgresTestDatabase database;
    static String prefix;
    static MutableClock clock;
    static TestServer nodeA;
    static TestServer nodeB;

    @BeforeAll
    static void start() throws Exception {
        try (var ignored = redis()) {
            // reachable
        } catch (RedisException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Redis at " + REDIS + " is unreachable and CI=true", e);
            }
            Assumptions.abort("Redis at " + REDIS + " is unreachable: " + e);
        }
        database = PostgresTestDatabase.create();
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[6];
        random.nextBytes(id);
        prefix = "toegang:test-" + HexFormat.of().formatHex(id) + ":";
        byte[] masterKey = new byte[32];
        random.nextBytes(masterKey);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice Example
                    emailVerified: true
                  - email: bob@example.org
                    password: Correct-Horse-Battery-42
                    name: Bob Example
                    emailVerified: true
                """);
        Map<String, String> shared = Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "toegang.lockout.store", "redis",
                "toegang.lockout.key-prefix", prefix,
                "toegang.redis.uri", REDIS,
                "toegang.master-key", Base64.getEncoder().encodeToString(masterKey));
        clock = new MutableClock(Instant.now());
        nodeA = TestServer.embedded(temp.resolve("a"), realms, shared).withClock(clock).start();
        nodeB = TestServer.embedded(temp.resolve("b"), realms, shared).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        for (TestServer node : new TestServer[]{nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
        if (database != null) {
            database.close();
        }
        if (prefix != null) {
            try (var connection = redis()) {
                RedisTestKeys.deleteMatching(connection.sync(), prefix);
            }
        }
    }

    static Redis redis() {
        RedisClient client = RedisClient.create(REDIS);
        try {
            return new Redis(client, client.connect());
        } catch (RedisException e) {
            client.shutdown();
            throw e;
        }
    }

    record Redis(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {
        io.lettuce.core.api.sync.RedisCommands<String, String> sync() {
            return connection.sync();
        }

        /** Every field and value of a session's hash, as the bytes Redis holds. */
        Map<byte[], byte[]> sessionHash(String sessionId) {
            try (var bytes = client.connect(ByteArrayCodec.INSTANCE)) {
                return bytes.sync().hgetall((prefix + "session:sessions:" + sessionId).getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    static String url(TestServer node, String path) {
        return node.issuer("portal") + path;
    }

    static HttpResponse<String> register(Browser browser, TestServer node, String email, String name,
                                         String password, boolean withToken) {
        var form = browser.get(url(node, "/register?lang=en"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("name", name);
        fields.put("locale", "en");
        fields.put("password", password);
        if (withToken) {
            fields.put("_csrf", Browser.csrfToken(form.body()));
        }
        return browser.postForm(url(node, "/register"), fields);
    }

    static String sessionId(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(RealmSessionCookies.COOKIE)).map(HttpCookie::getValue)
                .findFirst().orElseThrow();
    }

    /** The session's form drafts, read back through the repository every node uses. */
    static List<FormDraft> drafts(Browser browser) {
        var session = nodeB.bean(RedisIndexedSessionRepository.class).findById(sessionId(browser));
        assertThat(session).isNotNull();
        return session.getAttributeNames().stream().filter(n -> n.startsWith(FormDrafts.ATTRIBUTE))
                .map(n -> (FormDraft) session.getAttribute(n)).toList();
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aRefusedRegistrationAnswers303ToTheFormWhoseGetShowsItOnAnyNodeInEitherLanguage() {
        Browser browser = new Browser();
        var refused = register(browser, nodeA, "pat@", "Pat Draft", WEAK, true);
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(Browser.location(refused)).matches(DRAFT_LOCATION);

        var english = browser.get(nodeB.baseUrl() + Browser.location(refused));
        assertThat(english.statusCode()).as("the page after the redirect is a plain GET").isEqualTo(200);
        String page = english.body();
        assertThat(page).containsPattern("<title>Error: ").contains("value=\"pat@\"").contains("value=\"Pat Draft\"")
                .doesNotContain(WEAK);
        assertThat(count(page, "id=\"error-summary\"")).as("one summary").isEqualTo(1);
        assertThat(count(page, "Enter an email address like name@example.org.")).as("summary and field")
                .isEqualTo(2);
        assertThat(count(page, "id=\"email-error\"")).isEqualTo(1);
        assertThat(page).contains("aria-describedby=\"email-error\"").contains("href=\"#email\"")
                .contains("href=\"#password\"").contains("id=\"password-feedback\"").doesNotContain("href=\"#name\"");

        // The language switch carries the draft: the same problems and values, now in Dutch.
        String dutchLink = Browser.languageLink(page, "nl");
        assertThat(dutchLink).contains("draft=").contains("lang=nl");
        String dutch = browser.get(nodeA.baseUrl() + dutchLink).body();
        assertThat(dutch).containsPattern("<title>Fout: ").contains("Vul een e-mailadres in zoals naam@voorbeeld.nl.")
                .contains("value=\"pat@\"").contains("value=\"Pat Draft\"").doesNotContain(WEAK);

        // A fresh visit of the form (another tab, the link on the login page) starts clean.
        String fresh = browser.get(url(nodeB, "/register?lang=en")).body();
        assertThat(fresh).doesNotContain("error-summary").doesNotContain("Pat Draft").doesNotContain("Error:");
    }

    @Test
    void theSessionInRedisNeverHoldsThePasswordOnlyTheTypedFieldsAndMessageKeys() {
        Browser browser = new Browser();
        register(browser, nodeA, "rita@", "Rita Redis", WEAK, true);
        List<FormDraft> drafts = drafts(browser);
        assertThat(drafts).hasSize(1);
        FormDraft draft = drafts.get(0);
        assertThat(draft.values()).containsOnlyKeys("email", "name", "locale").doesNotContainValue(WEAK);
        assertThat(draft.errors()).containsOnlyKeys("email", "password");
        assertThat(draft.errors().get("email")).extracting(FormDraft.Message::key)
                .containsExactly("register.error.email");
        assertThat(draft.toString()).doesNotContain("rita@").doesNotContain("Rita Redis");

        try (var redis = redis()) {
            var hash = redis.sessionHash(sessionId(browser));
            assertThat(hash).isNotEmpty();
            byte[] password = WEAK.getBytes(StandardCharsets.UTF_8);
            boolean draftStored = false;
            for (var entry : hash.entrySet()) {
                String field = new String(entry.getKey(), StandardCharsets.UTF_8);
                draftStored |= field.startsWith("sessionAttr:" + FormDrafts.ATTRIBUTE);
                assertThat(indexOf(entry.getValue(), password)).as("password bytes in %s", field).isEqualTo(-1);
                assertThat(entry.getValue().length).as("%s stays small", field).isLessThan(4096);
            }
            assertThat(draftStored).as("the draft is a session attribute of its own").isTrue();
        }
    }

    @Test
    void aDraftIsShownOnlyInItsOwnSessionAndFormAndClearedBySuccess() {
        Browser tab = new Browser();
        String first = Browser.location(register(tab, nodeA, "tab1@", "Tab One", WEAK, true));
        String second = Browser.location(register(tab, nodeB, "tab2@", "Tab Two", WEAK, true));
        assertThat(second).as("each refusal its own draft").isNotEqualTo(first);
        assertThat(tab.get(nodeA.baseUrl() + first).body()).contains("Tab One").doesNotContain("Tab Two");
        assertThat(tab.get(nodeA.baseUrl() + second).body()).contains("Tab Two").doesNotContain("Tab One");

        // Another browser with the same address sees a clean form; so does another form with the same id.
        assertThat(new Browser().get(nodeA.baseUrl() + first).body()).doesNotContain("Tab One")
                .doesNotContain("error-summary");
        String id = first.substring(first.indexOf("draft=") + 6);
        assertThat(tab.get(url(nodeA, "/forgot?draft=" + id)).body()).doesNotContain("error-summary")
                .doesNotContain("tab1@");

        // A registration that is accepted ends every draft of the form.
        var accepted = register(tab, nodeA, "tab-" + UUID.randomUUID() + "@example.org", "Tab Done", GOOD_PASSWORD,
                true);
        assertThat(Browser.location(accepted)).endsWith("/register/check-email");
        assertThat(tab.get(nodeB.baseUrl() + first).body()).doesNotContain("Tab One").doesNotContain("error-summary");
        assertThat(drafts(tab)).isEmpty();
    }

    @Test
    void draftsAreShortLived() {
        Browser browser = new Browser();
        Instant now = clock.instant();
        String location = Browser.location(register(browser, nodeA, "late@", "Late Larry", WEAK, true));
        assertThat(browser.get(nodeB.baseUrl() + location).body()).contains("Late Larry");
        clock.advance(FormDrafts.LIFETIME.plus(Duration.ofSeconds(1)));
        try {
            assertThat(browser.get(nodeB.baseUrl() + location).body()).doesNotContain("Late Larry")
                    .doesNotContain("error-summary");
            assertThat(drafts(browser)).as("removed when found expired").isEmpty();
        } finally {
            clock.set(now);
        }
    }

    @Test
    void csrfIsCheckedBeforeAnyDraftIsKept() {
        for (boolean wrong : List.of(false, true)) {
            Browser browser = new Browser();
            browser.get(url(nodeA, "/register"));
            Map<String, String> fields = new LinkedHashMap<>(Map.of("email", "csrf@", "name", "Cross Site",
                    "password", WEAK));
            if (wrong) {
                fields.put("_csrf", "not-the-token");
            }
            var response = browser.postForm(url(nodeA, "/register"), fields);
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(Browser.location(response)).isEqualTo("/realms/portal/register?expired");
            assertThat(drafts(browser)).isEmpty();
        }
    }

    @Test
    void aRefusedRegistrationOfAKnownAddressLooksLikeOneOfANewAddress() {
        Browser known = new Browser();
        Browser fresh = new Browser();
        String newAddress = "nobody-" + UUID.randomUUID() + "@example.org";
        var a = register(known, nodeA, "alice@example.org", "Same Name", "short", true);
        var b = register(fresh, nodeA, newAddress, "Same Name", "short", true);
        assertThat(a.statusCode()).isEqualTo(b.statusCode()).isEqualTo(303);
        assertThat(Browser.location(a).replaceAll("draft=.*", "")).isEqualTo(Browser.location(b)
                .replaceAll("draft=.*", ""));
        String knownPage = normalize(known.get(nodeB.baseUrl() + Browser.location(a)).body(), "alice@example.org");
        String freshPage = normalize(fresh.get(nodeB.baseUrl() + Browser.location(b)).body(), newAddress);
        assertThat(knownPage).isEqualTo(freshPage).contains("id=\"password-feedback\"");
    }

    static HttpResponse<String> postFrom(Browser browser, TestServer node, String page, String path,
                                         Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", Browser.csrfToken(browser.get(url(node, page)).body()));
        return browser.postForm(url(node, path), fields);
    }

    static void signIn(Browser browser, String email) {
        var login = postFrom(browser, nodeA, "/login", "/login", Map.of("email", email,
                "password", "Correct-Horse-Battery-42"));
        assertThat(Browser.location(login)).doesNotContain("?");
    }

    @Test
    void theAccountPageShowsARefusedFormOnlyToTheAccountThatTypedItAndKeepsNoPassword() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        signIn(browser, "alice@example.org");
        var refused = postFrom(browser, nodeA, "/account", "/account/profile", Map.of("name", "Alice Typed",
                "phone", "call me maybe", "locale", "en"));
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(Browser.location(refused)).matches("/realms/portal/account\\?draft=[A-Za-z0-9_-]{16}");
        String page = browser.get(nodeB.baseUrl() + Browser.location(refused)).body();
        assertThat(page).contains("value=\"Alice Typed\"").contains("value=\"call me maybe\"")
                .contains("id=\"phone-error\"").contains("href=\"#phone\"").containsPattern("<title>Error: ");
        assertThat(browser.get(url(nodeB, "/account")).body()).as("the page itself, fresh")
                .doesNotContain("call me maybe").doesNotContain("error-summary");

        String wrongCurrent = "not-my-password-" + UUID.randomUUID();
        String wanted = "meadow lantern " + UUID.randomUUID();
        var password = postFrom(browser, nodeA, "/account", "/account/password", Map.of(
                "currentPassword", wrongCurrent, "newPassword", wanted));
        assertThat(password.statusCode()).isEqualTo(303);
        assertThat(browser.get(nodeB.baseUrl() + Browser.location(password)).body())
                .contains("id=\"current-password-error\"").doesNotContain(wrongCurrent).doesNotContain(wanted);
        try (var redis = redis()) {
            for (var value : redis.sessionHash(sessionId(browser)).values()) {
                assertThat(indexOf(value, wrongCurrent.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
                assertThat(indexOf(value, wanted.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
            }
        }

        // Someone else signing in on this browser does not get Alice's typing.
        signIn(browser, "bob@example.org");
        String asBob = browser.get(nodeB.baseUrl() + Browser.location(refused)).body();
        assertThat(asBob).contains("Bob Example").doesNotContain("call me maybe").doesNotContain("Alice Typed")
                .doesNotContain("error-summary");
    }

    static String normalize(String html, String email) {
        return html.replace(email, "EMAIL").replaceAll("name=\"_csrf\"\\s+value=\"[^\"]+\"", "CSRF")
                .replaceAll("name=\"_csrf\" content=\"[^\"]+\"", "CSRF").replaceAll("draft=[A-Za-z0-9_-]+", "DRAFT");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
