package nl.toegang.outage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import nl.toegang.account.AccountTasks;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.RedisServerProcess;
import nl.toegang.testsupport.TcpProxy;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server on PostgreSQL (through a {@link TcpProxy} the test controls) and a private {@code redis-server}
 * (stopped and started again on the same port), playing outages of each: logins fail closed with a 503 page and
 * {@code Retry-After}, protocol endpoints answer {@code temporarily_unavailable}, already issued tokens keep working
 * where they do not need the missing service, readiness goes DOWN while liveness stays UP, and everything recovers
 * by itself once the service is back. Operations cut off half-way leave nothing half written.
 */
class FaultToleranceTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/callback";
    static final Duration RECOVERY = Duration.ofSeconds(15);

    @TempDir
    static Path temp;
    static RedisServerProcess redis;
    static PostgresTestDatabase database;
    static TcpProxy proxy;
    static TestServer server;
    static OidcTestClient portal;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresTestDatabase.create();
        redis = RedisServerProcess.start(temp.resolve("redis"));
        Matcher url = Pattern.compile("^jdbc:postgresql://([^/:]+)(?::(\\d+))?/(.*)$").matcher(database.jdbcUrl());
        assertThat(url.matches()).as("PostgreSQL URL %s", database.jdbcUrl()).isTrue();
        proxy = TcpProxy.start(url.group(1), url.group(2) == null ? 5432 : Integer.parseInt(url.group(2)));
        // Plain text and no server-side prepared statements, so the proxy can see which statement is sent.
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(3)
                + "&sslmode=disable&prepareThreshold=0&connectTimeout=2&socketTimeout=10";
        Path realms = writeRealm(temp.resolve("realms"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", proxied);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        properties.put("toegang.lockout.store", "redis");
        properties.put("toegang.redis.uri", redis.uri());
        properties.put("toegang.outage.retry-after", "7s");
        // Signing keys are read from the database on every use, so an outage always meets the key lookup too (with
        // the 5 s cache it did only on a slow machine, where it once answered 401 "invalid token" instead of 503).
        properties.put("toegang.key-cache-ttl", "0s");
        // Health and metrics on their own port, as in production; the probes also on the public port (/readyz), where
        // they must not say what failed.
        properties.put("management.server.port", "0");
        properties.put("management.endpoint.health.probes.add-additional-paths", "true");
        // Outbox loops at ten passes a second: a few seconds of outage make as many passes as a minute would.
        properties.put("toegang.mail.dispatch-interval", "100");
        properties.put("toegang.backchannel-logout.dispatch-interval", "100");
        server = TestServer.embedded(temp.resolve("data"), realms, properties).start();
        portal = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    /** Every test starts with both services up, whatever the previous one left behind. */
    @AfterEach
    void restore() throws IOException {
        proxy.open();
        redis.start();
        eventually(() -> readiness() == 200, "readiness UP again");
    }

    @Test
    void whenRedisIsDownThenLoginsFailClosedTokensStillWorkAndItRecoversWithoutRestart() throws IOException {
        Browser alice = new Browser();
        assertThat(signedIn(login(alice, PASSWORD))).as("login works while Redis is up").isTrue();
        Map<String, String> tokens = tokens();

        Browser person = new Browser();
        var page = person.get(loginUrl()); // opened while Redis is up: the form carries a valid CSRF token
        assertThat(page.statusCode()).isEqualTo(200);

        redis.stop();

        var pageDuringOutage = new Browser().get(loginUrl(), Map.of("Accept", "text/html", "Accept-Language", "en"));
        assertThat(pageDuringOutage.statusCode()).as("sessions live in Redis, so the login page says so at once")
                .isEqualTo(503);
        assertThat(pageDuringOutage.body()).contains("Signing in is temporarily not possible");
        long started = System.nanoTime();
        var refused = person.postForm(loginUrl(), Map.of("email", "alice@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())), Map.of("Accept", "text/html", "Accept-Language", "en"));
        // Rejected at once while Lettuce reconnects; the bound leaves room for a busy build machine.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast").isLessThan(Duration.ofSeconds(5));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("7");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(refused.body()).contains("Signing in is temporarily not possible", "Test Portaal",
                "/realms/portal/forgot", "Call 0800-1234");
        assertOutageBodyLeaksNothing(refused.body());

        var dutch = login(new Browser(), PASSWORD);
        assertThat(dutch.statusCode()).isEqualTo(503);
        assertThat(dutch.body()).contains("Inloggen is tijdelijk niet mogelijk", "Wachtwoord vergeten?");

        // Already issued tokens and public key material do not depend on Redis.
        assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(200);
        var introspection = portal.postWithClientAuth("/oauth2/introspect",
                Map.of("token", tokens.get("access_token")));
        assertThat(introspection.statusCode()).isEqualTo(200);
        assertThat(OidcTestClient.json(introspection.body()).get("active").asBoolean()).isTrue();
        assertThat(new Browser().get(portal.issuer() + "/oauth2/jwks", Map.of()).statusCode()).isEqualTo(200);
        assertThat(new Browser().get(portal.issuer() + "/.well-known/openid-configuration", Map.of()).statusCode())
                .isEqualTo(200);
        var refreshed = portal.refresh(tokens.get("refresh_token"));
        assertThat(refreshed.statusCode()).as("refresh needs only the database").isEqualTo(200);

        assertThat(readiness()).as("readiness DOWN").isEqualTo(503);
        assertThat(liveness()).as("liveness stays UP").isEqualTo(200);
        assertThat(metrics()).containsPattern("toegang_dependency_outages_total\\{[^}]*dependency=\"redis\"[^}]*} [1-9]");
        var readiness = OidcTestClient.json(readinessAnswer().body());
        assertThat(readiness.get("components").get("redis").get("status").asString()).isEqualTo("DOWN");
        assertThat(readiness.get("components").get("database").get("status").asString()).isEqualTo("UP");
        Instant since = Instant.parse(readiness.get("components").get("redis").get("details").get("since").asString());
        assertThat(metric("toegang_dependency_up", "redis")).isZero();

        // A portal's silent SSO check hears back instead of getting a page nobody sees.
        assertSilentErrorRedirect(silentAuthorization(REDIRECT));
        assertSilentRequestWithUnregisteredRedirectGetsThePage();
        // The status page, also for a signed-in person whose session is in the Redis that is away.
        assertStatusPageDisrupted(statusPage(alice), since);

        redis.start();
        Instant back = Instant.now();
        eventually(() -> signedIn(login(new Browser(), PASSWORD)), "login works again");
        Duration recovery = Duration.between(back, Instant.now());
        System.out.println("Redis recovery: " + recovery.toMillis() + " ms");
        assertThat(recovery).as("recovers as fast as Lettuce reconnects (at most 2 s apart), without a restart")
                .isLessThan(Duration.ofMillis(3000));
        assertThat(readiness()).isEqualTo(200);
        assertThat(metric("toegang_dependency_up", "redis")).isEqualTo(1);
    }

    @Test
    void whenPostgresIsUnreachableThenPagesAndProtocolAnswer503AndItRecoversWithoutRestart() {
        Map<String, String> tokens = tokens();
        Browser person = new Browser();
        var page = person.get(loginUrl());

        proxy.refuse();

        long started = System.nanoTime();
        var refused = person.postForm(loginUrl(), Map.of("email", "alice@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())), Map.of("Accept", "text/html"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the first one: Hikari gives up after 2s, not 30s")
                .isLessThan(Duration.ofSeconds(8));

        // That attempt opened the database breaker: from now on a 503 costs no connection attempt.
        var readiness = readinessAnswer();
        assertThat(readiness.statusCode()).isEqualTo(503);
        var components = OidcTestClient.json(readiness.body()).get("components");
        assertThat(components.get("database").get("status").asString()).as(readiness.body()).isEqualTo("DOWN");
        assertThat(components.get("redis").get("status").asString()).isEqualTo("UP");
        Instant since = Instant.parse(components.get("database").get("details").get("since").asString());
        var publicProbe = new Browser().get(server.baseUrl() + "/readyz", Map.of());
        assertThat(publicProbe.statusCode()).isEqualTo(503);
        assertThat(publicProbe.body()).as("the public port does not say what failed").isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(new Browser().get(server.baseUrl() + "/actuator/health/readiness", Map.of()).statusCode())
                .as("actuator only on the management port").isEqualTo(404);
        List<Long> millis = new ArrayList<>();
        Browser someone = new Browser();
        someone.get(loginUrl()); // a connection to the server, as a browser keeps one
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            var fast = someone.get(loginUrl(), Map.of("Accept", "text/html"));
            millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(fast.statusCode()).isEqualTo(503);
            assertThat(fast.body()).contains("Inloggen is tijdelijk niet mogelijk");
        }
        System.out.println("503 with the database breaker open: " + millis + " ms");
        assertThat(millis).as("503 within 100 ms once the breaker is open").allMatch(ms -> ms < 100);
        assertThat(metric("toegang_dependency_fast_failures_total", "database")).isGreaterThanOrEqualTo(5);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("7");
        assertThat(refused.body()).contains("Inloggen is tijdelijk niet mogelijk");
        assertOutageBodyLeaksNothing(refused.body());

        var token = portal.refresh(tokens.get("refresh_token"));
        assertThat(token.statusCode()).isEqualTo(503);
        assertThat(token.headers().firstValue("Retry-After")).contains("7");
        assertThat(token.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(OidcTestClient.json(token.body()).get("error").asString()).isEqualTo("temporarily_unavailable");
        assertOutageBodyLeaksNothing(token.body());
        var userinfo = userinfo(tokens.get("access_token"));
        assertThat(userinfo.statusCode()).as("userinfo looks the token up in the database").isEqualTo(503);
        assertThat(OidcTestClient.json(userinfo.body()).get("error").asString()).isEqualTo("temporarily_unavailable");
        var jwks = new Browser().get(portal.issuer() + "/oauth2/jwks", Map.of());
        assertThat(jwks.statusCode()).as("every realm request reads the maintenance setting").isEqualTo(503);
        assertThat(OidcTestClient.json(jwks.body()).get("error").asString()).isEqualTo("temporarily_unavailable");

        assertThat(readiness()).isEqualTo(503);
        assertThat(liveness()).isEqualTo(200);
        assertThat(metrics()).containsPattern(
                "toegang_dependency_outages_total\\{[^}]*dependency=\"database\"[^}]*} [1-9]");

        assertSilentErrorRedirect(silentAuthorization(REDIRECT));
        assertSilentRequestWithUnregisteredRedirectGetsThePage();
        assertStatusPageDisrupted(statusPage(new Browser()), since);
        var status = new Browser().get(server.issuer("portal") + "/status", Map.of("Accept", "application/json"));
        assertThat(status.statusCode()).isEqualTo(503);
        var json = OidcTestClient.json(status.body());
        assertThat(json.get("signIn").asString()).isEqualTo("degraded");
        assertThat(json.get("routes").get("email").asString()).isEqualTo("disrupted");
        assertThat(json.get("disruptedSince").asString()).isEqualTo(since.toString());

        proxy.open();
        Instant back = Instant.now();
        eventually(() -> signedIn(login(new Browser(), PASSWORD)), "login works again");
        Duration recovery = Duration.between(back, Instant.now());
        System.out.println("PostgreSQL recovery: " + recovery.toMillis() + " ms");
        assertThat(recovery).as("back within the next probe (1 s), as fast as before the breaker")
                .isLessThan(Duration.ofMillis(3600));
        assertThat(readiness()).isEqualTo(200);
        var after = portal.refresh(tokens.get("refresh_token"));
        assertThat(after.statusCode()).as("the refresh token refused during the outage is still good")
                .isEqualTo(200);
    }

    /**
     * Both dependencies away for a while, under traffic: pages, a signed-in person, token refresh, userinfo, the
     * status page, readiness probes twenty times a second and the outbox loops ten times a second (the passes a
     * minute-long outage makes at production rates). The log says when each went away and when it came back, with
     * the length of the outage, and little else: no stack trace, no line per request, probe or pass.
     */
    @Test
    void anOutageOfBothLeavesAHandfulOfLogLinesWithoutStackTraces() throws Exception {
        Map<String, String> tokens = tokens();
        Browser alice = new Browser();
        assertThat(signedIn(login(alice, PASSWORD))).isTrue();
        double suppressedBefore = metric("toegang_dependency_suppressed_logs_total", "redis");
        List<ILoggingEvent> events;
        try (CapturedLog log = new CapturedLog()) {
            proxy.refuse();
            redis.stop();
            Instant end = Instant.now().plus(Duration.ofSeconds(4));
            int requests = 0;
            while (Instant.now().isBefore(end)) {
                assertThat(readiness()).isEqualTo(503);
                assertThat(new Browser().get(server.baseUrl() + "/readyz", Map.of()).statusCode()).isEqualTo(503);
                assertThat(alice.get(loginUrl()).statusCode()).isEqualTo(503);
                assertThat(new Browser().get(loginUrl()).statusCode()).isEqualTo(503);
                assertThat(portal.refresh(tokens.get("refresh_token")).statusCode()).isEqualTo(503);
                assertThat(userinfo(tokens.get("access_token")).statusCode()).isEqualTo(503);
                assertThat(statusPage(alice).statusCode()).isEqualTo(200);
                requests += 7;
                Thread.sleep(50);
            }
            proxy.open();
            redis.start();
            eventually(() -> readiness() == 200, "ready again");
            Thread.sleep(300); // a few outbox passes after the recovery too
            events = log.events();
            System.out.println(requests + " requests during the outage");
        }
        List<ILoggingEvent> lines = events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).toList();
        String printed = String.join("\n", lines.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + ": "
                + e.getFormattedMessage()).toList());
        System.out.println("Logged during the outage:\n" + printed);
        assertThat(lines).as(printed).allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage())
                .isNull());
        assertThat(lines).as(printed).hasSizeLessThanOrEqualTo(6);
        assertThat(printed).containsPattern("database unreachable since \\S+ \\(.*\\): answering 503 at once")
                .containsPattern("redis unreachable since \\S+ \\(.*\\): answering 503 at once")
                .containsPattern("database reachable again after \\d+\\.\\d s \\(down since \\S+; \\d+ calls")
                .containsPattern("redis reachable again after \\d+\\.\\d s \\(down since \\S+; \\d+ calls");
        assertThat(metric("toegang_dependency_suppressed_logs_total", "redis")).as("counted instead")
                .isGreaterThan(suppressedBefore);
        assertThat(metric("toegang_dependency_probes_total", "database")).isPositive();
    }

    /** Every log event of the server while open (Logback, the application's logging system). */
    private static final class CapturedLog implements AutoCloseable {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final ch.qos.logback.classic.Logger root;

        CapturedLog() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
        }

        List<ILoggingEvent> events() {
            synchronized (appender) {
                return List.copyOf(appender.list);
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    @Test
    void aRegistrationCutOffHalfWayLeavesNoRowAndCanBeDoneAgain() {
        String email = "rita.register@example.org";
        proxy.cutConnectionSending("INSERT INTO email_verification");

        assertThat(register(email).statusCode()).isEqualTo(303);
        eventually(() -> proxy.cuts() == 1, () -> "the verification insert was cut off; accounts with that address: "
                + count("SELECT count(*) FROM account WHERE email_normalized = ?", email) + ", background tasks: "
                + backgroundTasks());
        // The account row was inserted before the cut, in the same transaction: PostgreSQL rolled it back.
        eventually(() -> count("SELECT count(*) FROM account WHERE email_normalized = ?", email) == 0
                && noActiveTransactionsOnSchema(), "the cut transaction was rolled back");
        assertThat(count("SELECT count(*) FROM email_verification WHERE email = ?", email)).isZero();
        assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = ?", email)).isZero();

        assertThat(register(email).statusCode()).isEqualTo(303);
        eventually(() -> count("SELECT count(*) FROM mail_outbox WHERE recipient = ?", email) == 1,
                "the second registration is complete");
        assertThat(count("SELECT count(*) FROM account WHERE email_normalized = ?", email)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM email_verification WHERE email = ?", email)).isEqualTo(1);
    }

    @Test
    void aPasswordChangeCutOffHalfWayKeepsTheOldPassword() {
        Browser bob = new Browser();
        assertThat(signedIn(login(bob, "bob@example.org", PASSWORD))).isTrue();
        var account = bob.get(server.issuer("portal") + "/account");
        assertThat(account.statusCode()).isEqualTo(200);
        String newPassword = "harbor quilt meadow zephyr";
        proxy.cutConnectionSending("insert into mail_outbox");

        var changed = bob.postForm(server.issuer("portal") + "/account/password", Map.of(
                "currentPassword", PASSWORD, "newPassword", newPassword,
                "_csrf", Browser.csrfToken(account.body())), Map.of("Accept", "text/html"));

        assertThat(proxy.cuts()).isEqualTo(1);
        assertThat(changed.statusCode()).isEqualTo(503);
        assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = ?", "bob@example.org")).isZero();
        assertThat(signedIn(login(new Browser(), "bob@example.org", newPassword))).isFalse();
        assertThat(signedIn(login(new Browser(), "bob@example.org", PASSWORD)))
                .as("the password update was rolled back with the notification").isTrue();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void assertOutageBodyLeaksNothing(String body) {
        assertThat(body).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("lettuce")
                .doesNotContainIgnoringCase("postgres").doesNotContain("127.0.0.1")
                .doesNotContain(String.valueOf(redis.port())).doesNotContain(String.valueOf(proxy.port()));
    }

    private static String loginUrl() {
        return server.issuer("portal") + "/login";
    }

    private static HttpResponse<String> login(Browser browser, String password) {
        return login(browser, "alice@example.org", password);
    }

    private static HttpResponse<String> login(Browser browser, String email, String password) {
        var page = browser.get(loginUrl());
        if (page.statusCode() != 200) {
            return page;
        }
        return browser.postForm(loginUrl(), Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())), Map.of("Accept", "text/html"));
    }

    private static boolean signedIn(HttpResponse<String> response) {
        return response.statusCode() == 303 && !Browser.location(response).contains("/login");
    }

    private static HttpResponse<String> register(String email) {
        Browser browser = new Browser();
        var form = browser.get(server.issuer("portal") + "/register");
        assertThat(form.statusCode()).isEqualTo(200);
        return browser.postForm(server.issuer("portal") + "/register", Map.of("email", email, "name", "Rita",
                "locale", "en", "password", "lantern orbit cactus velvet", "_csrf", Browser.csrfToken(form.body())));
    }

    private static Map<String, String> tokens() {
        var pkce = OidcTestClient.Pkce.create();
        var result = portal.loginAndAuthorize(new Browser(), portal.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        var response = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(response.statusCode()).isEqualTo(200);
        var json = OidcTestClient.json(response.body());
        return Map.of("access_token", json.get("access_token").asString(),
                "refresh_token", json.get("refresh_token").asString());
    }

    private static HttpResponse<String> userinfo(String accessToken) {
        return new Browser().get(portal.issuer() + "/userinfo", Map.of("Authorization", "Bearer " + accessToken));
    }

    private static int readiness() {
        return readinessAnswer().statusCode();
    }

    /** Readiness on the management port, where it names its components. */
    private static HttpResponse<String> readinessAnswer() {
        return new Browser().get(server.managementUrl() + "/actuator/health/readiness", Map.of());
    }

    private static int liveness() {
        return new Browser().get(server.managementUrl() + "/actuator/health/liveness", Map.of()).statusCode();
    }

    private static String metrics() {
        return new Browser().get(server.managementUrl() + "/actuator/prometheus", Map.of()).body();
    }

    /** The prometheus value of a sample, e.g. {@code toegang_dependency_up{dependency="database"}}; -1 if absent. */
    private static double metric(String name, String dependency) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*dependency=\"" + dependency
                + "\"[^}]*} (\\S+)$").matcher(metrics());
        return sample.find() ? Double.parseDouble(sample.group(1)) : -1;
    }

    /** A silent (prompt=none) authorization request, as a portal's hidden frame sends it. */
    private static HttpResponse<String> silentAuthorization(String redirectUri) {
        var params = portal.authorizationParams(OidcTestClient.Pkce.create(), "silent-state 1/2", "n");
        params.put("prompt", "none");
        params.put("redirect_uri", redirectUri);
        return new Browser().get(portal.authorizationUrl(params), Map.of("Accept", "text/html"));
    }

    private static void assertSilentErrorRedirect(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("prompt=none hears back at its redirect URI").isEqualTo(302);
        String location = Browser.location(answer);
        assertThat(location).startsWith(REDIRECT + "?");
        assertThat(Browser.queryParams(location)).containsEntry("error", "temporarily_unavailable")
                .containsEntry("state", "silent-state 1/2").containsEntry("iss", portal.issuer())
                .doesNotContainKey("code");
    }

    private static void assertSilentRequestWithUnregisteredRedirectGetsThePage() {
        var answer = silentAuthorization(REDIRECT + "/other");
        assertThat(answer.statusCode()).as("no redirect to a URI the client did not register").isEqualTo(503);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    /** The status page as a person opens it, in English. */
    private static HttpResponse<String> statusPage(Browser browser) {
        return browser.get(server.issuer("portal") + "/status", Map.of("Accept", "text/html",
                "Accept-Language", "en"));
    }

    /** The page says which ways in are affected, since when (Amsterdam time), and how to reach the helpdesk. */
    private static void assertStatusPageDisrupted(HttpResponse<String> page, Instant since) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String local = DateTimeFormatter.ofPattern("HH:mm").format(since.atZone(ZoneId.of("Europe/Amsterdam")));
        assertThat(page.body()).contains("Signing in has problems right now.")
                .contains("id=\"route-email\" data-state=\"disrupted\"")
                .contains("id=\"route-console\" data-state=\"disrupted\"")
                .contains("id=\"route-digid\" data-state=\"not-offered\"")
                .contains("Problems since " + local + ".")
                .contains("datetime=\"" + since + "\"")
                .contains("Call 0800-1234");
        assertOutageBodyLeaksNothing(page.body());
    }

    /** Counted directly in PostgreSQL, not through the proxy. */
    private static long count(String sql, String value) {
        return JdbcClient.create(database.dataSource()).sql(sql).param(value).query(Long.class).single();
    }

    private static boolean noActiveTransactionsOnSchema() {
        return JdbcClient.create(database.dataSource())
                .sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()")
                .query(Long.class).single() == 0;
    }

    private static String backgroundTasks() {
        var executor = server.bean(AccountTasks.EXECUTOR, ThreadPoolTaskExecutor.class);
        return executor.getActiveCount() + " running, " + executor.getQueueSize() + " queued";
    }

    private static void eventually(Supplier<Boolean> condition, String what) {
        eventually(condition, () -> what);
    }

    private static void eventually(Supplier<Boolean> condition, Supplier<String> what) {
        Instant deadline = Instant.now().plus(RECOVERY);
        while (true) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException | AssertionError notYet) {
                // try again
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + RECOVERY + ": " + what.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Path writeRealm(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                texts:
                  support:
                    nl: Bel 0800-1234
                    en: Call 0800-1234
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    grantTypes: [authorization_code, refresh_token]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice Example
                    emailVerified: true
                  - email: bob@example.org
                    password: %s
                    name: Bob Example
                    emailVerified: true
                """.formatted(SECRET, REDIRECT, PASSWORD, PASSWORD));
        return dir;
    }
}
