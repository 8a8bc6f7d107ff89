package nl.toegang.login.secondfactor;

import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.mfa.MfaFlows;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static nl.toegang.mfa.MfaFlows.code;
import static nl.toegang.mfa.MfaFlows.enrolOnAccountPage;
import static nl.toegang.mfa.MfaFlows.password;
import static nl.toegang.mfa.MfaFlows.postFrom;
import static org.assertj.core.api.Assertions.assertThat;

/** The new-device notice is sent once per completed login: after the second factor, not at the password step. */
class NewDeviceAfterSecondFactorTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    static String portal;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  mfa: optional
                users:
                  - email: tess@example.org
                    password: Correct-Horse-Battery-42
                    name: Tess
                    emailVerified: true
                    locale: en
                """);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.mail.dispatch-interval", "100ms"))
                .withClock(clock).start();
        portal = server.issuer("portal");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aNewBrowserGetsOneNoticeWhenTheSecondFactorCompletesTheLogin() throws Exception {
        byte[] secret = enrolOnAccountPage(new Browser(), portal, "tess@example.org", clock);
        assertThat(notices()).as("the account's first browser").isZero();

        Browser browser = new Browser();
        var afterPassword = password(browser, portal, "tess@example.org");
        assertThat(Browser.location(afterPassword)).endsWith("/login/second-factor");
        assertThat(notices()).as("password alone completes no login").isZero();

        String secondFactor = portal + "/login/second-factor";
        var done = postFrom(browser, secondFactor, secondFactor, Map.of("code", code(secret, clock, 0)));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(Browser.location(done)).doesNotContain("second-factor");
        assertThat(notices()).isEqualTo(1);

        DevMailbox mailbox = server.bean(DevMailbox.class);
        for (int i = 0; i < 150 && mailbox.latestTo("tess@example.org").filter(m -> m.template().equals("new-device"))
                .isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(mailbox.latestTo("tess@example.org").orElseThrow().text())
                .contains("with your password and second factor");

        MfaFlows.nextStep(clock);
        var again = password(browser, portal, "tess@example.org");
        postFrom(browser, secondFactor, secondFactor, Map.of("code", code(secret, clock, 0)));
        assertThat(Browser.location(again)).endsWith("/login/second-factor");
        assertThat(notices()).as("the same browser again").isEqualTo(1);
    }

    private static int notices() {
        return server.bean(JdbcClient.class)
                .sql("select count(*) from mail_outbox where template = 'new-device' and recipient = :to")
                .param("to", "tess@example.org").query(Integer.class).single();
    }
}
