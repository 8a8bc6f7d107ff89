package nl.toegang.account.device;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-words browser and system in the new-device notice, for the User-Agents people actually send. */
class BrowserDescriptionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0|Edge|Windows",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.0.0 Safari/537.36|Chrome|Windows",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.5 Safari/605.1.15|Safari|macOS",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                    + "Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1|Chrome|iPhone",
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.5 Mobile/15E148 Safari/604.1|Safari|iPad",
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36|Samsung Internet|Android",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0|Firefox|Linux",
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.0.0 Safari/537.36|Chrome|ChromeOS",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0|Opera|Windows",
            "Java-http-client/17.0.13|-|-",
            "curl/8.5.0|-|-"})
    void namesBrowserAndSystemWithoutVersions(String userAgent, String browser, String system) {
        BrowserDescription description = BrowserDescription.of(userAgent);
        assertThat(description.browser().orElse(null)).isEqualTo(browser);
        assertThat(description.system().orElse(null)).isEqualTo(system);
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void anEmptyHeaderIsUnknown(String userAgent) {
        assertThat(BrowserDescription.of(userAgent)).isEqualTo(BrowserDescription.of(null));
        assertThat(BrowserDescription.of(userAgent).browser()).isEmpty();
    }
}
