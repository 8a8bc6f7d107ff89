package nl.toegang.mail;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailAddressesTest {

    @Test
    void masksTheLocalPartButKeepsTheDomain() {
        assertThat(MailAddresses.mask("alice@example.org")).isEqualTo("a***@example.org");
        assertThat(MailAddresses.mask("nonsense")).isEqualTo("***");
        assertThat(MailAddresses.maskAll("550 <bob.b@example.org>: no such user; cc carol@x.nl"))
                .isEqualTo("550 <b***@example.org>: no such user; cc c***@x.nl");
    }

    @Test
    void aRequestNeverShowsItsModelOrFullRecipient() {
        var request = new MailRequest("portal", "alice@example.org", Locale.ENGLISH, "test-message",
                Map.of("code", "SECRET-1"), true);
        assertThat(request.toString()).contains("a***@example.org").doesNotContain("alice").doesNotContain("SECRET");
    }

    @Test
    void aRequestRefusesHeaderInjectionAndPathsInTemplateNames() {
        assertThatThrownBy(() -> new MailRequest("portal", "a@example.org\r\nBcc: x@evil.test", Locale.ENGLISH,
                "test-message", Map.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailRequest("portal", "a@example.org", Locale.ENGLISH, "../error",
                Map.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }
}
