package nl.toegang.account;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A realm can switch self-registration off; then the pages and the link are gone. */
class RegistrationSwitchTest {
    @TempDir
    Path temp;

    @Test
    void registrationCanBeSwitchedOffPerRealm() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("closed.yaml"), """
                name: closed
                displayName: Invite Only
                settings:
                  registrationEnabled: false
                """);
        Files.writeString(realms.resolve("open.yaml"), """
                name: open
                displayName: Open
                """);
        try (TestServer server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start()) {
            assertThat(new Browser().get(server.issuer("closed") + "/register").statusCode()).isEqualTo(404);
            var login = new Browser().get(server.issuer("closed") + "/login", Map.of("Accept-Language", "en"));
            assertThat(login.body()).doesNotContain("/realms/closed/register").contains("/realms/closed/forgot");

            assertThat(new Browser().get(server.issuer("open") + "/register").statusCode()).isEqualTo(200);
            assertThat(new Browser().get(server.issuer("open") + "/login").body()).contains("/realms/open/register");
        }
    }
}
