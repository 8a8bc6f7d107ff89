package nl.toegang.account;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration and forgot-password answers reveal nothing about which addresses have accounts, and the password
 * policy explains itself on the page.
 *
 * <p>Timing method: for each pair of cases (existing vs unknown address) we send {@value #SAMPLES} requests per
 * case, interleaved (A, B, A, B, ...) after a warm-up, so load changes on the machine hit both alike. We compare the
 * medians and require them to differ by less than 5 ms or 25% of the larger median, whichever is larger. The work
 * that depends on the address (hashing, mail) runs after the answer, so the real difference is near zero; an
 * implementation that hashed a password only for new addresses would differ by the Argon2id cost and fail.
 */
class EnumerationAndPolicyTest {
    static final int SAMPLES = 40;
    static final String GOOD_PASSWORD = "lantern orbit cactus velvet";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice Example
                    emailVerified: true
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                // Production-strength hashing, so skipping it for one kind of address would show.
                "toegang.password-hash.memory-kib", "19456",
                "toegang.password-hash.iterations", "2",
                "toegang.self-service.registrations-per-ip-per-hour", "10000",
                "toegang.self-service.reset-requests-per-ip-per15-minutes", "10000",
                "toegang.self-service.reset-requests-per-address-per15-minutes", "10000")).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String url(String path) {
        return server.issuer("portal") + path;
    }

    static HttpResponse<String> register(Browser browser, String email, String password) {
        var form = browser.get(url("/register?lang=en"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("name", "Test Person");
        fields.put("locale", "en");
        fields.put("password", password);
        fields.put("_csrf", Browser.csrfToken(form.body()));
        return browser.postForm(url("/register"), fields);
    }

    static HttpResponse<String> forgot(Browser browser, String email) {
        var form = browser.get(url("/forgot"));
        return browser.postForm(url("/forgot"), Map.of("email", email, "_csrf", Browser.csrfToken(form.body())));
    }

    @Test
    void registrationOfAnExistingAndANewAddressCannotBeToldApart() {
        Browser a = new Browser();
        Browser b = new Browser();
        var existing = register(a, "alice@example.org", GOOD_PASSWORD);
        String fresh = "new-" + UUID.randomUUID() + "@example.org";
        var brandNew = register(b, fresh, GOOD_PASSWORD);
        assertThat(existing.statusCode()).isEqualTo(brandNew.statusCode());
        assertThat(existing.headers().firstValue("Location")).isEqualTo(brandNew.headers().firstValue("Location"));
        assertThat(normalize(a.get(url("/register/check-email")).body(), "alice@example.org"))
                .isEqualTo(normalize(b.get(url("/register/check-email")).body(), fresh));

        assertIndistinguishableTiming(
                () -> timed(() -> register(new Browser(), "alice@example.org", GOOD_PASSWORD)),
                () -> timed(() -> register(new Browser(), "new-" + UUID.randomUUID() + "@example.org",
                        GOOD_PASSWORD)));
    }

    @Test
    void forgotPasswordForAnExistingAndAnUnknownAddressCannotBeToldApart() {
        Browser a = new Browser();
        Browser b = new Browser();
        var existing = forgot(a, "alice@example.org");
        var unknown = forgot(b, "nobody-" + UUID.randomUUID() + "@example.org");
        assertThat(existing.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(303);
        assertThat(Browser.location(existing)).isEqualTo(Browser.location(unknown));
        assertThat(normalize(a.get(Browser.resolve(existing)).body(), ""))
                .isEqualTo(normalize(b.get(Browser.resolve(unknown)).body(), ""));

        assertIndistinguishableTiming(
                () -> timed(() -> forgot(new Browser(), "alice@example.org")),
                () -> timed(() -> forgot(new Browser(), "nobody-" + UUID.randomUUID() + "@example.org")));
    }

    @Test
    void fourteenCharactersAreTooShortWhereAPasswordAloneSignsIn() {
        var response = register(new Browser(), "quentin@example.org", "quiet lemon sky");
        assertThat("quiet lemon sk").hasSize(14);
        var fourteen = refusedRegistration("short-" + UUID.randomUUID() + "@example.org", "quiet lemon sk");
        assertThat(fourteen).contains("at least 15 characters").contains("id=\"password-feedback\"")
                .contains("aria-describedby=\"password-hint password-feedback\"");
        assertThat(response.statusCode()).as("15 characters of unrelated words are fine").isEqualTo(303);
        assertThat(Browser.location(response)).endsWith("/register/check-email");
    }

    /**
     * A refused registration: 303 back to the form (post/redirect/get), whose GET shows the problems; the body of
     * that page.
     */
    static String refusedRegistration(String email, String password) {
        Browser browser = new Browser();
        var refused = register(browser, email, password);
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(Browser.location(refused)).contains("/realms/portal/register?draft=");
        var page = browser.get(Browser.resolve(refused) + "&lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    @Test
    void longAndUnicodePasswordsAreAccepted() {
        String seventy = "violet tractor sings under a purple moon while seven herons dance slowly";
        assertThat(seventy.length()).isGreaterThan(64);
        var longOne = register(new Browser(), "marcel@example.org", seventy);
        assertThat(Browser.location(longOne)).as(longOne.body()).endsWith("/register/check-email");
        var unicode = register(new Browser(), "yvonne@example.org",
                "ŝtrøng påsswörd ünïcødé 日本語の文");
        assertThat(Browser.location(unicode)).as(unicode.body()).endsWith("/register/check-email");
    }

    @Test
    void commonAndContextPasswordsAreRefusedWithAReason() {
        var common = refusedRegistration("c-" + UUID.randomUUID() + "@example.org", "password1234567890");
        assertThat(common).containsAnyOf("most common passwords", "too easy to guess");

        var context = refusedRegistration("lantern.velvet@example.org", "lantern.velvet-Portaal-2024");
        assertThat(context).contains("contains your name, your email address or the name of this service");

        var product = refusedRegistration("p-" + UUID.randomUUID() + "@example.org", "T0egang orbit cactus");
        assertThat(product).contains("contains your name, your email address or the name of this service");
    }

    @Test
    void pagesSpeakDutchAndEnglish() {
        for (String path : List.of("/register", "/forgot", "/login")) {
            var nl = new Browser().get(url(path), Map.of("Accept-Language", "nl"));
            var en = new Browser().get(url(path), Map.of("Accept-Language", "en"));
            assertThat(nl.body()).as(path).contains("lang=\"nl\"").contains("Wachtwoord vergeten?");
            assertThat(en.body()).as(path).contains("lang=\"en\"").contains("Forgot your password?");
        }
    }

    private static long timed(Supplier<HttpResponse<String>> request) {
        long start = System.nanoTime();
        var response = request.get();
        long micros = (System.nanoTime() - start) / 1000;
        assertThat(response.statusCode()).isIn(200, 303);
        awaitBackgroundWork();
        return micros;
    }

    /**
     * What is compared is the answer's time. Registration and reset finish in the background (that is what makes
     * the answers equal); on two cores that work, still running, would slow whichever request is timed next.
     */
    private static void awaitBackgroundWork() {
        var executor = server.bean(AccountTasks.EXECUTOR,
                org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor.class).getThreadPoolExecutor();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while ((executor.getActiveCount() > 0 || !executor.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2); // not a spin: the work waited for needs the core
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void assertIndistinguishableTiming(Supplier<Long> a, Supplier<Long> b) {
        for (int i = 0; i < 5; i++) { // warm-up
            a.get();
            b.get();
        }
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            first.add(a.get());
            second.add(b.get());
        }
        long medianA = median(first);
        long medianB = median(second);
        long allowed = Math.max(5_000, Math.max(medianA, medianB) / 4);
        assertThat(Math.abs(medianA - medianB))
                .as("median %d µs vs %d µs (allowed difference %d µs)", medianA, medianB, allowed)
                .isLessThanOrEqualTo(allowed);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String normalize(String html, String email) {
        String out = email.isEmpty() ? html : html.replace(email, "EMAIL");
        return out.replaceAll("name=\"_csrf\"\\s+(?:value|content)=\"[^\"]+\"", "CSRF");
    }
}
