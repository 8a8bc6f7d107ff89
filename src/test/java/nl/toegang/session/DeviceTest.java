package nl.toegang.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** User-Agent to words: the browsers that pretend to be others are named by what they are. */
class DeviceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0|Edge|Windows",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15|Safari|macOS",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36|Chrome|Android",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0|Firefox|Linux",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1|Chrome|iPhone",
            "Java-http-client/17.0.12|-|-",
            "<script>alert(1)</script>|-|-"})
    void namesBrowserAndSystem(String userAgent, String browser, String system) {
        Device device = Device.of(userAgent);
        assertThat(device.browser()).isEqualTo(Optional.ofNullable(browser));
        assertThat(device.system()).isEqualTo(Optional.ofNullable(system));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"-", "''"})
    void anAbsentHeaderNamesNothing(String userAgent) {
        assertThat(Device.of(userAgent)).isEqualTo(new Device(Optional.empty(), Optional.empty()));
    }
}
