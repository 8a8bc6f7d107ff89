package nl.toegang.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import java.io.File;
import java.time.Duration;

/**
 * The one place that starts headless Chromium for browser tests, against the Debian chromium and chromedriver, so
 * Selenium Manager never downloads anything. Without them the test is skipped with a message, except on CI
 * ({@code CI=true}), where a missing browser is a failure.
 */
public final class Chromium {
    static final File BINARY = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A new headless browser; the caller quits it. */
    public static ChromeDriver start() {
        return start(options -> {
        });
    }

    /** A new headless browser with extra options (e.g. cookies blocked); the caller quits it. */
    public static ChromeDriver start(java.util.function.Consumer<ChromeOptions> extra) {
        boolean present = BINARY.canExecute() && DRIVER.canExecute();
        if (!present) {
            String message = "Chromium or chromedriver missing at " + BINARY + " / " + DRIVER;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " (CI=true: browser tests must run)");
            }
            Assumptions.abort(message + "; browser test skipped");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage");
        extra.accept(options);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        return driver;
    }

    /**
     * A platform authenticator as a phone or laptop has one: CTAP2, internal transport, resident keys, and user
     * verification that succeeds (fingerprint accepted).
     */
    public static VirtualAuthenticator platformAuthenticator(ChromeDriver driver) {
        VirtualAuthenticatorOptions options = new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true);
        return ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(options);
    }

    /**
     * True once {@code element}'s page has been replaced and the next page has loaded: what a test waits for after
     * submitting a form. Waiting for {@code document.readyState} alone passes at once, on the old page.
     */
    public static ExpectedCondition<Boolean> nextPageLoaded(WebElement element) {
        ExpectedCondition<Boolean> gone = gone(element);
        return driver -> gone.apply(driver)
                && "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState"));
    }

    /**
     * True once {@code element}'s page has been replaced. Selenium's {@code stalenessOf} knows only the stale-element
     * error; while the next page is still being swapped in, Chromium may instead answer "Node with given id does not
     * belong to the document", which means the same thing and must not fail the test.
     */
    public static ExpectedCondition<Boolean> gone(WebElement element) {
        return driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return true;
            } catch (WebDriverException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("does not belong to the document") || message.contains("No node with given id")) {
                    return true;
                }
                throw e;
            }
        };
    }
}
