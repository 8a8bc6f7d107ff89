package nl.toegang.realm;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationFormatTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "30s, PT30S",
            "5m, PT5M",
            "8h, PT8H",
            "90d, PT2160H",
            "PT5M, PT5M",
            "PT1H30M, PT1H30M",
            "P1D, PT24H",
            "P1DT12H, PT36H"})
    void whenDurationIsSimpleOrIsoThenItIsParsed(String written, String expected) {
        RealmDefinition realm = RealmFiles.development(dir).parse("""
                name: portal
                displayName: Portaal
                settings:
                  refreshTokenLifetime: %s
                """.formatted(written));

        assertThat(realm.settings().refreshTokenLifetime()).isEqualTo(Duration.parse(expected));
    }
}
