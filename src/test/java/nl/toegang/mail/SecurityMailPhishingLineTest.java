package nl.toegang.mail;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every security mail (about a sign-in, a lock, a changed password, address or second factor) says that the service
 * never asks for passwords or codes by mail or phone, and names the real host, in both languages and both parts.
 */
class SecurityMailPhishingLineTest {
    static final String HOST = "login.toegang.example.nl";

    private static MailRenderer renderer(Optional<String> host) {
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new MailRenderer(messages, false, () -> host);
    }

    private static Map<String, Object> model() {
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", "Portaal");
        model.put("when", "26 november 2026 om 02:15");
        model.put("how", "password");
        model.put("device", "Firefox on Windows");
        model.put("ip", "192.0.2.1");
        model.put("disabled", false);
        model.put("until", "26 november 2026 om 02:20");
        model.put("time", "2026-11-26T01:15:00Z");
        model.put("remaining", 9);
        model.put("newAddress", "a***@example.org");
        for (String link : new String[]{"loginUrl", "resetUrl", "consoleUrl", "forgotLink", "accountLink"}) {
            model.put(link, "https://" + HOST + "/realms/portal/x");
        }
        return model;
    }

    @ParameterizedTest
    @CsvSource({
            "lockout-notice, en", "lockout-notice, nl", "new-device, en", "new-device, nl",
            "password-changed, en", "password-changed, nl", "email-changed, en", "email-changed, nl",
            "second-factor-locked, en", "second-factor-locked, nl", "recovery-code-used, en", "recovery-code-used, nl"})
    void securityMailsSayWeNeverAskForPasswordsAndNameTheRealHost(String template, String language) {
        RenderedMail mail = renderer(Optional.of(HOST)).render(new MailRequest("portal", "alice@example.org",
                Locale.forLanguageTag(language), template, model(), false));
        String line = "en".equals(language)
                ? "We never ask for your password or codes by email or by phone. Only sign in on pages at " + HOST
                + ": look at your browser's address bar."
                : "Wij vragen nooit per e-mail of telefoon om uw wachtwoord of codes. Log alleen in op pagina's van "
                + HOST + ": kijk naar het adres in de adresbalk van uw browser.";
        assertThat(mail.text()).contains(line);
        assertThat(mail.html().replace("&#39;", "'")).contains(line);
    }
}
