package nl.toegang.lockout;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.RequestWork;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static nl.toegang.lockout.LockoutRealms.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrong password for an account and any password for an address without one do the same work on the request
 * thread: the same SQL statements, the same Redis commands and the same Argon2id verification, step by step
 * ({@link RequestWork}). So do the failure that starts a lockout and an attempt while locked. Timing can then differ
 * only by noise, which a latency test could not tell from a real difference of a millisecond; this can.
 * Run against every throttle store; realm {@code portal} of {@link LockoutRealms} (lockout at 5 failures).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EqualLoginWorkContract {
    static final String WRONG = "not-the-password-at-all";

    final RequestWork work = new RequestWork();
    final AtomicInteger names = new AtomicInteger();
    MutableClock clock;
    TestServer server;
    LoginForm form;

    /** Server properties that select the store under test (besides the embedded defaults). */
    abstract Map<String, String> storeProperties();

    /** How a step of counting a failure starts here: shows that the recording sees the work at all. */
    abstract String countingStep();

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        Path realms = LockoutRealms.write(temp.resolve("realms"), "warm@example.org", "known@example.org",
                "locking@example.org", "locked@example.org");
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, storeProperties()).withClock(clock).with(work)
                .start();
        form = new LoginForm(server.baseUrl());
        // First use loads scripts and warms caches: not a difference between known and unknown addresses.
        for (String email : List.of("warm@example.org", "cold@example.org")) {
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(5));
                form.post(new Browser(), email, WRONG);
            }
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void wrongPasswordAndUnknownAddressDoTheSameWork() {
        List<String> known = recorded("known@example.org", WRONG, "?error");
        List<String> unknown = recorded("nobody@example.org", WRONG, "?error");

        assertThat(unknown).as("unknown address vs wrong password").isEqualTo(known);
        assertThat(known.stream().filter(s -> s.startsWith("argon2 verify argon2id "))).as("one real verification")
                .hasSize(1);
        assertThat(known).anyMatch(s -> s.startsWith(countingStep())).anyMatch(s -> s.startsWith("sql SELECT"));
    }

    @Test
    void theFailureThatStartsALockoutDoesTheSameWorkForAnUnknownAddress() {
        String account = "locking@example.org";
        String nobody = "nobody-locking@example.org";
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(form.outcome(form.post(new Browser(), account, WRONG))).isEqualTo("?error");
            assertThat(form.outcome(form.post(new Browser(), nobody, WRONG))).isEqualTo("?error");
        }
        clock.advance(Duration.ofSeconds(5));
        List<String> known = recorded(account, WRONG, "?locked");
        List<String> unknown = recorded(nobody, WRONG, "?locked");

        assertThat(unknown).as("the fifth failure, which locks, for an unknown address vs an account")
                .isEqualTo(known);
        assertThat(known).anyMatch(s -> s.startsWith(countingStep()));
    }

    @Test
    void anAttemptOnALockedAccountAndOnALockedAddressDoTheSameWork() {
        String account = "locked@example.org";
        String nobody = "nobody-locked@example.org";
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            form.post(new Browser(), account, WRONG);
            form.post(new Browser(), nobody, WRONG);
        }
        clock.advance(Duration.ofSeconds(5));
        List<String> known = recorded(account, PASSWORD, "?locked");
        List<String> unknown = recorded(nobody, PASSWORD, "?locked");

        assertThat(unknown).as("refused by the lockout: unknown address vs account").isEqualTo(known);
        assertThat(known).as("refused before anything is verified").noneMatch(s -> s.startsWith("argon2"));
    }

    /** Posts the login form from a new browser with the request recorded; checks the answer; returns the steps. */
    private List<String> recorded(String email, String password, String expectedOutcome) {
        Browser browser = new Browser();
        var page = browser.get(form.loginUrl("portal"));
        String name = "attempt-" + names.incrementAndGet();
        var response = browser.postForm(form.loginUrl("portal"), Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())), RequestWork.header(name));
        assertThat(form.outcome(response)).as("answer for %s", email).isEqualTo(expectedOutcome);
        return work.steps(name);
    }
}
