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
     * @throws RealmFileException when the directory is missing or a file is invalid (the first one in file-name order)
     */
    public List<RealmDefinition> loadAll(Path dir) {
        Inspection inspection = inspect(dir);
        if (!inspection.problems().isEmpty()) {
            throw inspection.problems().get(0);
        }
        return inspection.realms();
    }

    /**
     * Checks a realms directory exactly as {@link #loadAll} reads it, but goes on after a broken file so that one run
     * reports the first problem of every file ({@code validate} command).
     *
     * @throws RealmFileException when the directory itself is missing or unreadable
     */
    public Inspection inspect(Path dir) {
        if (!Files.exists(dir)) {
            throw new RealmFileException(dir, 0, "the realms directory does not exist; create it or point"
                    + " toegang.realms-dir at the directory holding the realm files");
        }
        if (!Files.isDirectory(dir)) {
            throw new RealmFileException(dir, 0, "the realms directory is not a directory");
        }
        List<Path> files = realmFiles(dir);
        List<RealmDefinition> realms = new ArrayList<>();
        List<RealmFileException> problems = new ArrayList<>();
        Map<String, Path> declaredIn = new HashMap<>();
        for (Path file : files) {
            RealmDefinition realm;
            try {
                realm = parser.parse(file);
            } catch (RealmFileException e) {
                problems.add(e);
                continue;
            }
            Path earlier = declaredIn.putIfAbsent(realm.name(), file);
            if (earlier != null) {
                problems.add(new RealmFileException(file, 0, "realm '" + realm.name() + "' is already declared in "
                        + earlier + "; each realm name may appear in one file only"));
                continue;
            }
            realms.add(realm);
        }
        return new Inspection(files, realms, problems);
    }

    /**
     * Checks one file as startup would read it from its directory: a file startup would skip (wrong extension,
     * hidden) is a problem too, since passing a check that does not apply would mislead.
     */
    public Inspection inspectFile(Path file) {
        if (!isRealmFile(file)) {
            return new Inspection(List.of(file), List.of(), List.of(new RealmFileException(file, 0,
                    "startup reads only regular files ending in .yaml or .yml whose names do not start with '.';"
                            + " this file would be skipped")));
        }
        try {
            return new Inspection(List.of(file), List.of(parser.parse(file)), List.of());
        } catch (RealmFileException e) {
            return new Inspection(List.of(file), List.of(), List.of(e));
        }
    }

    /**
     * What checking realm files found.
     *
     * @param files    the realm files read, in file-name order
     * @param realms   the valid realms among them
     * @param problems the first problem of each invalid file, and realm names declared twice, in file-name order
     */
    public record Inspection(List<Path> files, List<RealmDefinition> realms, List<RealmFileException> problems) {
        public Inspection {
            files = List.copyOf(files);
            realms = List.copyOf(realms);
            problems = List.copyOf(problems);
        }
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
