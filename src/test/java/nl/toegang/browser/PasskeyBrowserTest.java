package nl.toegang.browser;

import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.slf4j.LoggerFactory;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys in a real browser (headless Chromium with a CDP virtual authenticator): register on the account page,
 * sign out, sign in without a password; a passkey as second factor after the password; rename and delete.
 */
class PasskeyBrowserTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    ChromeDriver driver;
    VirtualAuthenticator authenticator;

    @BeforeAll
    static void startServer() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers("Correct-Horse-Battery-42", "en",
                List.of("passwordless", "button", "second", "manage", "clone", "replay"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  defaultLocale: en
                users:
                """ + users);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void startBrowser() {
        driver = Chromium.start();
        authenticator = Chromium.platformAuthenticator(driver);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String portal() {
        return server.issuer("portal");
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    private void passwordLogin(String email) {
        driver.get(portal() + "/login");
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys("Correct-Horse-Battery-42");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        // The next step navigates at once; wait for the login page to go, or that navigation can cut the sign-in.
        waiting().until(d -> !URI.create(d.getCurrentUrl()).getPath().endsWith("/login"));
    }

    private void registerPasskey(String name) {
        driver.get(portal() + "/account");
        driver.findElement(By.id("passkey-name")).sendKeys(name);
        driver.findElement(By.id("passkey-register")).click();
        // A first passkey comes with recovery codes, shown once; then back to the account page.
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
        assertThat(driver.findElements(By.cssSelector("#recovery-codes li"))).hasSize(10);
        driver.findElement(By.id("continue")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("passkeys")));
    }

    /**
     * Makes this browser one without passkey autofill (conditional mediation), as some still are. The virtual
     * authenticator answers a conditional request at once, so tests of the button or of the password path need it.
     */
    private void withoutAutofill() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);"));
    }

    private void signOut() {
        driver.manage().deleteCookieNamed("TOEGANG_SESSION");
    }

    @Test
    void registerSignOutAndTheLoginPageOffersThePasskeyInTheEmailFieldAndSignsIn() {
        passwordLogin("passwordless@example.org");
        registerPasskey("Test laptop");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#passkeys .passkey-name")))
                .extracting(WebElement::getText).containsExactly("Test laptop");

        signOut();
        driver.get(portal() + "/account");
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        // Conditional UI: the page starts a conditional request at once; the authenticator's only passkey answers,
        // and the browser goes back where it wanted to go (through the console's own sign-in, docs/console.md).
        waiting().until(ExpectedConditions.urlToBe(portal() + "/account"));
        driver.get(portal() + "/account");
        assertThat(driver.getCurrentUrl()).endsWith("/account");
        assertThat(driver.findElement(By.cssSelector(".passkey-item")).getText()).contains("Last used");
    }

    @Test
    void withoutAutofillTheVisibleButtonSignsInWithoutPassword() {
        withoutAutofill();
        passwordLogin("button@example.org");
        registerPasskey("Phone");

        signOut();
        driver.get(portal() + "/login");
        assertThat(driver.findElement(By.id("email")).getDomAttribute("autocomplete")).isEqualTo("username webauthn");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-login"))).click();
        waiting().until(ExpectedConditions.urlToBe(portal() + "/"));
        driver.get(portal() + "/account");
        assertThat(driver.getCurrentUrl()).endsWith("/account");
    }

    @Test
    void passkeyAsSecondFactorAfterThePassword() {
        withoutAutofill();
        passwordLogin("second@example.org");
        registerPasskey("Phone");

        signOut();
        passwordLogin("second@example.org");
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        driver.get(portal() + "/account");
        assertThat(driver.getCurrentUrl()).as("password alone is not a session").endsWith("/login");

        passwordLogin("second@example.org");
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("passkey-second-factor"))).click();
        waiting().until(ExpectedConditions.urlToBe(portal() + "/account"));
        driver.get(portal() + "/account");
        assertThat(driver.getCurrentUrl()).endsWith("/account");
    }

    @Test
    void renameAndDeleteAPasskey() {
        withoutAutofill();
        passwordLogin("manage@example.org");
        registerPasskey("Old name");
        WebElement rename = driver.findElement(By.cssSelector(".passkey-item input[name=name]"));
        rename.clear();
        rename.sendKeys("New name");
        driver.findElement(By.cssSelector(".passkey-rename")).click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector(".passkey-name"), "New name"));

        // Deleting is asked first: going back from the question keeps the passkey; "Yes" deletes it.
        driver.findElement(By.cssSelector(".passkey-delete")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("confirm-heading"), "Do you want to delete the passkey \"New name\"?"));
        driver.findElement(By.id("confirm-cancel")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".passkey-item"), 1));
        driver.findElement(By.cssSelector(".passkey-delete")).click();
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("confirm-yes"))).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".passkey-item"), 0));
        assertThat(driver.findElement(By.id("notice")).getText()).isEqualTo("The passkey has been deleted.");

        // The authenticator still holds the key, but the server forgot it: a passwordless login now fails.
        signOut();
        driver.get(portal() + "/login");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-login"))).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error")));
        assertThat(driver.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aSignatureCounterGoingBackwardsIsRefusedAndAudited() {
        withoutAutofill();
        passwordLogin("clone@example.org");
        registerPasskey("Original");
        signOut();
        driver.get(portal() + "/login");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-login"))).click();
        waiting().until(ExpectedConditions.urlToBe(portal() + "/"));

        // A clone of the key whose counter starts again from zero, as a copied authenticator would.
        Credential original = authenticator.getCredentials().get(0);
        assertThat(original.getSignCount()).isPositive();
        authenticator.removeAllCredentials();
        authenticator.addCredential(Credential.createResidentCredential(original.getId(), original.getRpId(),
                original.getPrivateKey(), original.getUserHandle(), 0));

        var audit = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("audit");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        audit.addAppender(events);
        try {
            signOut();
            driver.get(portal() + "/login");
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-login"))).click();
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error")));
            assertThat(driver.getCurrentUrl()).endsWith("/login");
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.startsWith("audit event=passkey-counter-regressed realm=portal account="));
        } finally {
            audit.detachAppender(events);
        }
    }

    /** Runs the passwordless ceremony by hand in the page, so the test can replay or delay the answer. */
    private static final String OPTIONS = """
            const done = arguments[arguments.length - 1];
            const csrf = document.querySelector('meta[name="_csrf"]').content;
            fetch(arguments[0] + '/options', {method: 'POST', headers: {'Content-Type': 'application/json',
                'X-CSRF-TOKEN': csrf}, body: '{}'}).then(r => r.json()).then(o => { window.passkeyOptions = o;
                done('ok'); }).catch(e => done(String(e)));
            """;
    private static final String ANSWER_TWICE = """
            const done = arguments[arguments.length - 1];
            const base = arguments[0];
            const token = async () => {
              const html = await (await fetch(location.href)).text();
              return html.match(/name="_csrf" content="([^"]+)"/)[1];
            };
            (async () => {
              const credential = await navigator.credentials.get({publicKey:
                  PublicKeyCredential.parseRequestOptionsFromJSON(window.passkeyOptions.publicKey)});
              const body = JSON.stringify(credential.toJSON());
              const post = async () => (await fetch(base, {method: 'POST', headers: {'Content-Type':
                  'application/json', 'X-CSRF-TOKEN': await token()}, body})).status;
              const first = await post();
              const second = await post();
              done(first + ',' + second);
            })().catch(e => done(String(e)));
            """;

    @Test
    void aPasskeyAnswerWorksOnceAndNotAfterFiveMinutes() {
        withoutAutofill();
        passwordLogin("replay@example.org");
        registerPasskey("Key");
        String endpoint = portal() + "/passkeys/login";

        signOut();
        driver.get(portal() + "/login");
        assertThat(driver.executeAsyncScript(OPTIONS, endpoint)).isEqualTo("ok");
        assertThat(driver.executeAsyncScript(ANSWER_TWICE, endpoint)).as("first accepted, replay refused")
                .isEqualTo("200,400");

        signOut();
        driver.get(portal() + "/login");
        assertThat(driver.executeAsyncScript(OPTIONS, endpoint)).isEqualTo("ok");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(driver.executeAsyncScript(ANSWER_TWICE, endpoint)).as("challenge expired")
                .isEqualTo("400,400");
    }
}
