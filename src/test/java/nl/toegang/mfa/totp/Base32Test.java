package nl.toegang.mfa.totp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Base32Test {

    // RFC 4648 §10, with the padding removed
    @ParameterizedTest
    @CsvSource(value = {"'',''", "f,MY", "fo,MZXQ", "foo,MZXW6", "foob,MZXW6YQ", "fooba,MZXW6YTB", "foobar,MZXW6YTBOI"})
    void rfc4648Vectors(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(bytes);
    }

    @Test
    void decodingAcceptsWhatPeopleType() {
        byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.decode("mzxw6ytboi")).isEqualTo(foobar);
        assertThat(Base32.decode("MZXW 6YTB OI")).isEqualTo(foobar);
        assertThat(Base32.decode("MZXW6YTBOI======")).isEqualTo(foobar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW1", "MZXW8", "MZ!W6", "M", "MZX"})
    void invalidInputIsRefusedWithoutQuotingIt(String bad) {
        assertThatThrownBy(() -> Base32.decode(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(bad);
    }

    @Test
    void roundTripsArbitraryBytes() {
        Random random = new Random(42);
        for (int length = 0; length < 70; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
        }
    }

    @Test
    void twentyByteSecretIsThirtyTwoCharacters() {
        assertThat(Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
