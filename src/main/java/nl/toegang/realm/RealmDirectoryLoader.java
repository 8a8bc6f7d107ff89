package nl.toegang.realm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads every realm file of a directory. Order is by file name so startup is reproducible; a realm declared twice
 * is an error rather than "last file wins", which would depend on naming accidents.
 */
public final class RealmDirectoryLoader {
    private final RealmFileParser parser;

    public RealmDirectoryLoader(RealmFileParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Reads the {@code *.yaml} and {@code *.yml} files directly in {@code dir} (not in subdirectories; hidden files
     * such as editor lock files are skipped).
     *
     * @return the realms in file-name order; empty for an empty directory
     * @throws RealmFileException when the directory is missing or a file is invalid
     */
    public List<RealmDefinition> loadAll(Path dir) {
        if (!Files.exists(dir)) {
            throw new RealmFileException(dir, 0, "the realms directory does not exist; create it or point"
                    + " toegang.realms-dir at the directory holding the realm files");
        }
        if (!Files.isDirectory(dir)) {
            throw new RealmFileException(dir, 0, "the realms directory is not a directory");
        }
        List<RealmDefinition> realms = new ArrayList<>();
        Map<String, Path> declaredIn = new HashMap<>();
        for (Path file : realmFiles(dir)) {
            RealmDefinition realm = parser.parse(file);
            Path earlier = declaredIn.putIfAbsent(realm.name(), file);
            if (earlier != null) {
                throw new RealmFileException(file, 0, "realm '" + realm.name() + "' is already declared in "
                        + earlier + "; each realm name may appear in one file only");
            }
            realms.add(realm);
        }
        return realms;
    }

    private static List<Path> realmFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(RealmDirectoryLoader::isRealmFile)
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new RealmFileException(dir, 0, "cannot list the realms directory: " + e);
        }
    }

    private static boolean isRealmFile(Path path) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml"))
                && Files.isRegularFile(path);
    }
}
