package nl.toegang.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm-file keys for logout and the DigiD binding: {@code backchannelLogoutUri},
 * {@code backchannelLogoutSessionRequired} and {@code digid.authnRequestBinding}, with their defaults and errors.
 */
class LogoutRealmFileTest {
    @TempDir
    Path dir;

    private static String client(String extra) {
        return """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: app
                    type: public
                    redirectUris: [https://app.example.org/callback]
                """ + extra.indent(4);
    }

    @Test
    void backchannelLogoutIsReadWithItsSessionRequirement() {
        var client = RealmFiles.development(dir).parse(client("""
                backchannelLogoutUri: https://app.example.org/backchannel-logout
                backchannelLogoutSessionRequired: true
                """)).client("app").orElseThrow();
        assertThat(client.backchannelLogout()).contains(new ClientDefinition.BackchannelLogout(
                "https://app.example.org/backchannel-logout", true));
        var plain = RealmFiles.development(dir).parse(client("")).client("app").orElseThrow();
        assertThat(plain.backchannelLogout()).isEmpty();
    }

    @Test
    void sessionRequiredWithoutUriIsAnErrorOnItsLine() {
        var e = RealmFiles.development(dir).failure(client("backchannelLogoutSessionRequired: true\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("backchannelLogoutSessionRequired but no backchannelLogoutUri");
    }

    @Test
    void theUriMustBeAnExactHttpsUrlInProduction() {
        var wildcard = RealmFiles.development(dir).failure(client("backchannelLogoutUri: https://*.example.org/bcl\n"));
        assertThat(wildcard.problem()).contains("wildcard");
        var relative = RealmFiles.development(dir).failure(client("backchannelLogoutUri: /logout\n"));
        assertThat(relative.problem()).contains("absolute https:// URL");
        var http = RealmFiles.development(dir).inProduction()
                .failure(client("backchannelLogoutUri: http://app.example.org/bcl\n"));
        assertThat(http.problem()).contains("https in production");
        assertThat(RealmFiles.development(dir).parse(client("backchannelLogoutUri: http://127.0.0.1:9000/bcl\n"))
                .client("app").orElseThrow().backchannelLogout()).isPresent();
    }

    @Test
    void authnRequestBindingDefaultsToRedirectAndAcceptsPost() {
        String head = "name: portal\ndisplayName: Portaal\ndigid:\n  mock: true\n";
        assertThat(RealmFiles.development(dir).parse(head).digid().orElseThrow().authnRequestBinding())
                .isEqualTo(AuthnRequestBinding.REDIRECT);
        assertThat(RealmFiles.development(dir).parse(head + "  authnRequestBinding: post\n").digid().orElseThrow()
                .authnRequestBinding()).isEqualTo(AuthnRequestBinding.POST);
        var e = RealmFiles.development(dir).failure(head + "  authnRequestBinding: artifact\n");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.problem()).contains("unknown digid.authnRequestBinding 'artifact'", "redirect", "post");
    }
}
