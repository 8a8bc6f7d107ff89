package nl.toegang.account;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Argon2id parameters live in each hash; a login with changed parameters rehashes the password. */
class PasswordRehashTest {
    @TempDir
    Path temp;

    @Test
    void loginRehashesWhenParametersChange() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portal
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice
                    emailVerified: true
                """);
        try (TestServer first = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start()) {
            assertThat(hash(first)).contains("$m=8192,t=1,p=1$");
        }
        try (TestServer second = TestServer.embedded(temp.resolve("data"), realms, Map.of(
                "toegang.password-hash.memory-kib", "9216",
                "toegang.password-hash.iterations", "2")).start()) {
            assertThat(hash(second)).as("not rehashed before a login").contains("$m=8192,t=1,p=1$");
            Browser browser = new Browser();
            String login = second.issuer("portal") + "/login";
            var page = browser.get(login);
            var response = browser.postForm(login, Map.of("email", "alice@example.org",
                    "password", "Correct-Horse-Battery-42", "_csrf", Browser.csrfToken(page.body())));
            assertThat(Browser.location(response)).doesNotContain("error");
            assertThat(hash(second)).contains("$m=9216,t=2,p=1$");
        }
    }

    private static String hash(TestServer server) {
        return server.bean(AccountRepository.class).findByEmail("portal", "alice@example.org").orElseThrow()
                .passwordHash().orElseThrow();
    }
}
