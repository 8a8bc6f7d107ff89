package nl.toegang.browser;

import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The axe-core accessibility check the browser tests run on the page a browser shows: the serious and critical
 * violations, each as one line that names the rule and the elements, so a failing assertion says what to fix.
 */
final class Axe {
    private final String script;

    Axe() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe-core missing from the test classpath (/axe/axe.min.js)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serious and critical violations on the browser's current page, each prefixed with {@code label}. */
    @SuppressWarnings("unchecked")
    List<String> violations(ChromeDriver browser, String label) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.executeScript(script);
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                       .map(v => v.id + ': ' + v.help + ' [' + v.nodes.map(n => n.target.join(' ')).join(', ') + ']')))
                   .catch(e => done(['axe failed: ' + e]));
                """);
        List<String> found = new ArrayList<>();
        for (Object violation : (List<Object>) result) {
            found.add(label + ": " + violation);
        }
        return found;
    }
}
