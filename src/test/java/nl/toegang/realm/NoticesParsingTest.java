package nl.toegang.realm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The top-level {@code notices:} block: on by default, switchable, refused with file and line when wrong. */
class NoticesParsingTest {
    @TempDir
    Path dir;
    RealmFiles files;

    @BeforeEach
    void setUp() {
        files = RealmFiles.development(dir);
    }

    @Test
    void whenAbsentThenTheNewDeviceMailIsOn() {
        assertThat(files.parse("name: portal\ndisplayName: Portaal\n").notices().newDeviceEmail()).isTrue();
    }

    @Test
    void whenSwitchedOffThenItIsOff() {
        assertThat(files.parse("name: portal\ndisplayName: Portaal\nnotices:\n  newDeviceEmail: false\n")
                .notices().newDeviceEmail()).isFalse();
    }

    @Test
    void whenNotABooleanOrUnknownThenTheLineIsNamed() {
        assertThatThrownBy(() -> files.parse(
                "name: portal\ndisplayName: Portaal\nnotices:\n  newDeviceEmail: yes please\n"))
                .isInstanceOf(RealmFileException.class).hasMessageContaining(":4:")
                .hasMessageContaining("newDeviceEmail");
        assertThatThrownBy(() -> files.parse("name: portal\ndisplayName: Portaal\nnotices:\n  newDevice: true\n"))
                .isInstanceOf(RealmFileException.class).hasMessageContaining(":4:")
                .hasMessageContaining("newDeviceEmail");
    }
}
