package nl.toegang.console;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the console may send a browser after its sign-in: a console page of the same realm, nothing else. */
class ConsolePathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/realms/portal/account", "/realms/portal/account/apps",
            "/realms/portal/account/activity?page=2"})
    void aConsolePageOfTheSameRealmIsKept(String path) {
        assertThat(ConsolePaths.safeReturn("portal", path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example.test/", "//evil.example.test/realms/portal/account",
            "/realms/other/account", "/realms/portal/login", "/realms/portal/account/../../admin",
            "/realms/portal/account//evil.example.test", "/realms/portal/account\\\\evil.example.test",
            "/realms/portal/account/callback", "/realms/portal/account/callback?code=x",
            "/realms/portal/account?next=https://evil.example.test", "/realms/portal/accounts",
            "/realms/portal/account/apps#x", "", " /realms/portal/account"})
    void anythingElseBecomesTheConsoleHomePage(String path) {
        assertThat(ConsolePaths.safeReturn("portal", path)).isEqualTo("/realms/portal/account");
    }
}
