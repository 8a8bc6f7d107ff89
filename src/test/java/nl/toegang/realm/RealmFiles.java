package nl.toegang.realm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/** Writes realm files into a test directory and parses them with a chosen environment and mode. */
final class RealmFiles {
    private final Path dir;
    private final Map<String, String> environment;
    private final boolean production;

    RealmFiles(Path dir, Map<String, String> environment, boolean production) {
        this.dir = dir;
        this.environment = environment;
        this.production = production;
    }

    static RealmFiles development(Path dir) {
        return new RealmFiles(dir, Map.of(), false);
    }

    RealmFiles withEnvironment(Map<String, String> variables) {
        return new RealmFiles(dir, variables, production);
    }

    RealmFiles inProduction() {
        return new RealmFiles(dir, environment, true);
    }

    RealmFileParser parser() {
        return new RealmFileParser(environment::get, production);
    }

    Path write(String fileName, String yaml) {
        try {
            return Files.writeString(dir.resolve(fileName), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RealmDefinition parse(String yaml) {
        return parser().parse(write("realm.yaml", yaml));
    }

    RealmFileException failure(String yaml) {
        Path file = write("realm.yaml", yaml);
        try {
            RealmDefinition realm = parser().parse(file);
            return fail("expected a RealmFileException, parsed " + realm);
        } catch (RealmFileException e) {
            if (!e.file().equals(file)) {
                fail("error names " + e.file() + " instead of " + file);
            }
            return e;
        }
    }
}
