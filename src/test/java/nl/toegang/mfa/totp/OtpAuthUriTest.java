package nl.toegang.mfa.totp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtpAuthUriTest {

    private static final TotpSecret SECRET = TotpSecret.of("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void defaultParametersWithEncodedIssuerAndEmailLabel() {
        String uri = OtpAuthUri.of("Gemeente Den Haag", "jan+test@example.nl", SECRET, TotpParameters.DEFAULT);

        assertThat(uri).isEqualTo("otpauth://totp/Gemeente%20Den%20Haag:jan%2Btest%40example.nl"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Gemeente%20Den%20Haag"
                + "&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void nonAsciiAndReservedCharactersArePercentEncodedAsUtf8() {
        String uri = OtpAuthUri.of("Zoë & Co", "a/b?c#d", SECRET,
                new TotpParameters(HmacAlgorithm.SHA256, 8, Duration.ofSeconds(30)));

        assertThat(uri).startsWith("otpauth://totp/Zo%C3%AB%20%26%20Co:a%2Fb%3Fc%23d?")
                .contains("&issuer=Zo%C3%AB%20%26%20Co&")
                .endsWith("&algorithm=SHA256&digits=8&period=30");
    }

    @Test
    void aNeutralLabelKeepsPersonalDataOffThePhone() {
        String uri = OtpAuthUri.of("Toegang", "account-7f3a", SECRET, TotpParameters.DEFAULT);
        assertThat(uri).startsWith("otpauth://totp/Toegang:account-7f3a?");
    }

    @Test
    void colonsAndBlanksAreRefused() {
        assertThatThrownBy(() -> OtpAuthUri.of("A:B", "x", SECRET, TotpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpAuthUri.of("A", "x:y", SECRET, TotpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpAuthUri.of("A", " ", SECRET, TotpParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
