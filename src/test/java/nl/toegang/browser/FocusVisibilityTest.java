package nl.toegang.browser;

import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyboard focus can be seen (WCAG 2.2 1.4.11 and 2.4.11): tabbing through the login, registration and console pages,
 * every focused element has an indicator (outline or box-shadow) with at least 3:1 contrast against what surrounds
 * it, and nothing covers the "Sign in" button's ring. After a wrong password the focus is on the error summary, the
 * title says "Error:" / "Fout:", and the summary links to the field.
 */
class FocusVisibilityTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;
    static Axe axe;
    ChromeDriver browser;

    @BeforeAll
    static void start() {
        server = TestServer.embedded(temp.resolve("data"), Path.of("realms"), Map.of()).start();
        axe = new Axe();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void open() {
        browser = Chromium.start();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterEach
    void quit() {
        browser.quit();
    }

    String url(String path) {
        return server.issuer("portal") + path;
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void everyFocusedElementOnLoginRegisterAndConsoleHasAFocusRingWithEnoughContrast() {
        List<String> weak = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (String language : List.of("en", "nl")) {
            browser.manage().deleteAllCookies();
            browser.get(url("/login?lang=" + language));
            weak.addAll(tabThrough("login " + language));
            violations.addAll(axe.violations(browser, "login " + language));
            browser.get(url("/register"));
            weak.addAll(tabThrough("register " + language));
            violations.addAll(axe.violations(browser, "register " + language));
        }
        browser.manage().deleteAllCookies();
        browser.get(url("/login?lang=en"));
        browser.get(url("/account"));
        signIn("alice@example.org", PASSWORD);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[action$='/account/profile']")));
        weak.addAll(tabThrough("console"));
        violations.addAll(axe.violations(browser, "console"));

        assertThat(weak).as("focused elements whose indicator has less than 3:1 contrast").isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void theSignInButtonsFocusRingIsNotCovered() {
        browser.get(url("/login?lang=en"));
        WebElement submit = signInButton();
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", submit);
        // Probe just inside the outer edge of the ring on all four sides: the element there must be the button or
        // something around it, never a neighbour drawn over the ring.
        @SuppressWarnings("unchecked")
        List<String> covered = (List<String>) browser.executeScript("""
                const button = arguments[0];
                const style = getComputedStyle(button);
                const reach = Math.max(parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth),
                    ...[...style.boxShadow.matchAll(/(-?[\\d.]+)px/g)].map(m => Math.abs(parseFloat(m[1]))), 0);
                const r = button.getBoundingClientRect();
                const edge = Math.max(reach - 1, 1);
                const probes = {top: [r.left + r.width / 2, r.top - edge], bottom: [r.left + r.width / 2, r.bottom + edge],
                    left: [r.left - edge, r.top + r.height / 2], right: [r.right + edge, r.top + r.height / 2]};
                const found = [];
                for (const [side, [x, y]] of Object.entries(probes)) {
                    const there = document.elementFromPoint(x, y);
                    if (there && !there.contains(button)) {
                        found.push(side + ': ' + there.tagName + (there.id ? '#' + there.id : '')
                            + (there.className ? '.' + there.className : ''));
                    }
                }
                return found;
                """, submit);
        assertThat(covered).as("elements over the Sign in button's focus ring").isEmpty();
    }

    @Test
    void afterAWrongPasswordTheFocusIsOnTheErrorSummaryThatLinksToTheField() {
        for (String language : List.of("en", "nl")) {
            browser.manage().deleteAllCookies();
            browser.get(url("/login?lang=" + language));
            browser.findElement(By.id("email")).sendKeys("alice@example.org");
            browser.findElement(By.id("password")).sendKeys("not-the-password-at-all");
            WebElement submit = signInButton();
            submit.click();
            waiting().until(Chromium.nextPageLoaded(submit));
            waiting().until(d -> "error-summary".equals(browser.executeScript("return document.activeElement.id")));

            WebElement summary = browser.findElement(By.id("error-summary"));
            assertThat(summary.getDomAttribute("role")).isEqualTo("alert");
            assertThat(summary.getText()).contains(language.equals("en") ? "There is a problem" : "Er is een probleem");
            assertThat(browser.getTitle()).startsWith(language.equals("en") ? "Error: " : "Fout: ");
            WebElement link = summary.findElement(By.cssSelector("a[href='#email']"));
            assertThat(link.getText()).isEqualTo(browser.findElement(By.id("login-error")).getText());
            assertThat(focusContrast()).as("the summary's own focus ring").isGreaterThanOrEqualTo(3.0);
            assertThat(axe.violations(browser, "login error " + language)).isEmpty();

            link.click();
            assertThat(browser.executeScript("return document.activeElement.id")).isEqualTo("email");
        }
        // A page without errors has neither the summary nor the prefix.
        browser.get(url("/login?lang=en"));
        assertThat(browser.findElements(By.id("error-summary"))).isEmpty();
        assertThat(browser.getTitle()).doesNotStartWith("Error");
    }

    @Test
    void registerWithMistakesGetsTheSummaryWithALinkPerField() {
        browser.get(url("/register?lang=en"));
        browser.findElement(By.id("email")).sendKeys("not-an-address");
        browser.findElement(By.id("password")).sendKeys("short");
        WebElement submit = browser.findElement(By.cssSelector("main form button[type=submit]"));
        submit.click();
        waiting().until(Chromium.nextPageLoaded(submit));
        waiting().until(d -> "error-summary".equals(browser.executeScript("return document.activeElement.id")));
        assertThat(browser.getTitle()).startsWith("Error: ");
        List<String> targets = browser.findElements(By.cssSelector("#error-summary a")).stream()
                .map(a -> a.getDomAttribute("href")).toList();
        assertThat(targets).contains("#email", "#name", "#password");
        for (String target : targets) {
            assertThat(browser.findElements(By.id(target.substring(1)))).as(target).hasSize(1);
        }
        assertThat(axe.violations(browser, "register errors")).isEmpty();
    }

    @Test
    void forgotPasswordWithoutAnAddressSaysSoInsteadOfPretendingToSend() {
        browser.get(url("/forgot?lang=nl"));
        WebElement submit = browser.findElement(By.cssSelector("main form button[type=submit]"));
        submit.click();
        waiting().until(Chromium.nextPageLoaded(submit));
        assertThat(browser.getCurrentUrl()).doesNotContain("/forgot/sent");
        waiting().until(d -> "error-summary".equals(browser.executeScript("return document.activeElement.id")));
        assertThat(browser.getTitle()).startsWith("Fout: ");
        assertThat(browser.findElement(By.id("email")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector("#error-summary a[href='#email']"))).hasSize(1);
        assertThat(axe.violations(browser, "forgot error")).isEmpty();
    }

    WebElement signInButton() {
        return browser.findElement(By.cssSelector("form[action$='/login'] button[type=submit]"));
    }

    void signIn(String email, String password) {
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement submit = signInButton();
        submit.click();
        waiting().until(Chromium.nextPageLoaded(submit));
    }

    /**
     * Tabs from the top of the page through every focusable element (until the focus leaves the page or comes back
     * round), and lists those whose focus indicator has less than 3:1 contrast.
     */
    List<String> tabThrough(String page) {
        browser.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> weak = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            Object active = browser.executeScript(
                    "return document.activeElement === document.body ? null : document.activeElement");
            if (active == null || seen.contains(active)) {
                break;
            }
            seen.add(active);
            double contrast = focusContrast();
            if (contrast < 3.0) {
                weak.add(page + ": " + browser.executeScript("""
                        const e = document.activeElement;
                        return e.tagName + (e.id ? '#' + e.id : '') + ' "' + (e.textContent || '').trim().slice(0, 30) + '"';
                        """) + String.format(" %.2f:1", contrast));
            }
        }
        assertThat(seen).as(page + ": focusable elements reached by Tab").hasSizeGreaterThan(3);
        return weak;
    }

    /**
     * The best contrast between the focused element's indicator colours (its outline, its box-shadows) and the
     * background around it (the first opaque background among its ancestors; white if none).
     */
    @SuppressWarnings("unchecked")
    double focusContrast() {
        Map<String, Object> found = (Map<String, Object>) browser.executeScript("""
                const e = document.activeElement;
                const s = getComputedStyle(e);
                const indicators = [];
                if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
                    indicators.push(s.outlineColor);
                }
                if (s.boxShadow && s.boxShadow !== 'none') {
                    indicators.push(...(s.boxShadow.match(/rgba?\\([^)]*\\)/g) || []));
                }
                let background = 'rgb(255, 255, 255)';
                for (let p = e.parentElement; p; p = p.parentElement) {
                    const c = getComputedStyle(p).backgroundColor;
                    if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) {
                        background = c;
                        break;
                    }
                }
                return {indicators: indicators, background: background};
                """);
        double[] background = rgb((String) found.get("background"));
        double best = 1.0;
        for (Object indicator : (List<Object>) found.get("indicators")) {
            double[] colour = rgb((String) indicator);
            if (colour != null && colour[3] > 0.5) {
                best = Math.max(best, contrast(colour, background));
            }
        }
        return best;
    }

    static final Pattern RGB = Pattern.compile("rgba?\\(\\s*([\\d.]+)[,\\s]+([\\d.]+)[,\\s]+([\\d.]+)(?:[,\\s/]+([\\d.]+))?");

    /** r, g, b (0-255) and alpha of a computed CSS colour. */
    static double[] rgb(String css) {
        Matcher m = RGB.matcher(css);
        if (!m.find()) {
            return null;
        }
        return new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), m.group(4) == null ? 1.0 : Double.parseDouble(m.group(4))};
    }

    /** WCAG 2.x contrast ratio: (L1 + 0.05) / (L2 + 0.05), lighter over darker. */
    static double contrast(double[] a, double[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG 2.x relative luminance of an sRGB colour. */
    static double luminance(double[] rgb) {
        return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    }

    static double channel(double value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    @Test
    void theContrastFormulaMatchesKnownPairs() {
        assertThat(contrast(new double[]{0, 0, 0, 1}, new double[]{255, 255, 255, 1})).isCloseTo(21.0, within());
        // The old ring: #ffbf47 on white, about 1.6:1.
        assertThat(contrast(rgb("rgb(255, 191, 71)"), rgb("rgb(255, 255, 255)"))).isCloseTo(1.6, within());
        assertThat(contrast(rgb("rgb(11, 12, 12)"), rgb("rgb(255, 255, 255)"))).isGreaterThan(19.0);
    }

    static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.05);
    }
}
