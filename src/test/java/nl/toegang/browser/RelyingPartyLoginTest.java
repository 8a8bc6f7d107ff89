package nl.toegang.browser;

import demo.rp.DemoRelyingParty;
import nl.toegang.testsupport.TestServer;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with a browser: a relying party built with Spring Security's OAuth2 Client sends the browser to
 * Toegang, the person signs in on the login page, and the relying party receives and verifies the ID token.
 */
class RelyingPartyLoginTest {
    @TempDir
    Path temp;

    @Test
    void portalBuiltWithSpringOAuth2ClientSignsAUserIn() throws Exception {
        int rpPort = freePort();
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: demo-portal
                    type: confidential
                    secret: s3cr3t-for-tests-only-0123456789abcdef
                    redirectUris: [http://localhost:%d/login/oauth2/code/toegang]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice Example
                    emailVerified: true
                """.formatted(rpPort));
        try (TestServer toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
             // Command-line arguments, so they win over Toegang's application.yaml on the shared classpath.
             ConfigurableApplicationContext rp = new SpringApplicationBuilder(DemoRelyingParty.class).run(
                     "--server.port=" + rpPort,
                     "--server.servlet.session.cookie.name=RP_SESSION",
                     "--spring.datasource.url=jdbc:h2:mem:rp",
                     "--spring.flyway.enabled=false",
                     "--spring.security.oauth2.client.registration.toegang.client-id=demo-portal",
                     "--spring.security.oauth2.client.registration.toegang.client-secret="
                             + "s3cr3t-for-tests-only-0123456789abcdef",
                     "--spring.security.oauth2.client.registration.toegang.scope=openid,profile,email",
                     "--spring.security.oauth2.client.provider.toegang.issuer-uri=" + toegang.issuer("portal"));
             WebClient browser = new WebClient()) {
            browser.getOptions().setJavaScriptEnabled(false);
            browser.getOptions().setCssEnabled(false);

            HtmlPage login = browser.getPage("http://localhost:" + rpPort + "/");
            assertThat(login.getUrl().toString()).startsWith(toegang.issuer("portal") + "/login");
            login.getHtmlElementById("email").type("alice@example.org");
            login.getHtmlElementById("password").type("Correct-Horse-Battery-42");
            var result = login.getFirstByXPath("//button[@type='submit']");
            var page = ((org.htmlunit.html.HtmlButton) result).click();

            String body = page.getWebResponse().getContentAsString();
            assertThat(page.getUrl().toString()).startsWith("http://localhost:" + rpPort + "/");
            assertThat(body).contains("email=alice@example.org")
                    .contains("acr=urn:toegang:acr:password")
                    .contains("iss=" + toegang.issuer("portal"));
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
