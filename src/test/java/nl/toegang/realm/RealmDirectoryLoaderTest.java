package nl.toegang.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealmDirectoryLoaderTest {
    @TempDir
    Path dir;

    private final RealmDirectoryLoader loader = new RealmDirectoryLoader(new RealmFileParser(Map.<String, String>of()::get, false));

    private void write(String fileName, String realmName) throws IOException {
        Files.writeString(dir.resolve(fileName), "name: " + realmName + "\ndisplayName: " + realmName + "\n");
    }

    @Test
    void whenDirectoryHasRealmFilesThenAllAreLoadedInFileNameOrder() throws IOException {
        write("b-portal.yaml", "portal");
        write("a-admin.yml", "admin");
        write("c-extra.YAML", "extra");
        Files.writeString(dir.resolve("README.md"), "not a realm");
        Files.writeString(dir.resolve(".#b-portal.yaml"), "editor lock file");
        Files.createDirectory(dir.resolve("nested.yaml"));

        assertThat(loader.loadAll(dir)).extracting(RealmDefinition::name).containsExactly("admin", "portal", "extra");
    }

    @Test
    void whenDirectoryIsEmptyThenNoRealms() {
        assertThat(loader.loadAll(dir)).isEmpty();
    }

    @Test
    void whenTwoFilesDeclareTheSameRealmThenErrorNamesBothFiles() throws IOException {
        write("portal.yaml", "portal");
        write("portal-copy.yaml", "portal");

        assertThatThrownBy(() -> loader.loadAll(dir))
                .isInstanceOfSatisfying(RealmFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(dir.resolve("portal.yaml"));
                    assertThat(e.problem()).contains("realm 'portal' is already declared in "
                            + dir.resolve("portal-copy.yaml"));
                });
    }

    @Test
    void whenDirectoryDoesNotExistThenErrorNamesIt() {
        Path missing = dir.resolve("realms");

        assertThatThrownBy(() -> loader.loadAll(missing))
                .isInstanceOfSatisfying(RealmFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(missing);
                    assertThat(e.line()).isZero();
                    assertThat(e.problem()).contains("the realms directory does not exist");
                });
    }

    @Test
    void whenAFileIsInvalidThenItsErrorIsReported() throws IOException {
        write("a.yaml", "good");
        Files.writeString(dir.resolve("b.yaml"), "name: bad\n");

        assertThatThrownBy(() -> loader.loadAll(dir))
                .isInstanceOfSatisfying(RealmFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(dir.resolve("b.yaml"));
                    assertThat(e.problem()).contains("missing required field 'displayName'");
                });
    }
}
