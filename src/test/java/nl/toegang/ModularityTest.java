package nl.toegang;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module rule, checked on the compiled classes: every top-level package under {@code nl.toegang} is an application
 * module, modules form no cycle, a module uses only the modules (and named interfaces) its {@code package-info.java}
 * allows, and nothing reaches into another module's sub-packages unless they are a named interface.
 *
 * <p>The diagrams in {@code docs/modules} are generated from the same model and compared here, so they cannot drift.
 * After a change of module structure, regenerate them with {@value #REGENERATE}.
 */
class ModularityTest {

    static final String REGENERATE =
            "mvn -o -B test -Dtest=ModularityTest -Dsurefire.failIfNoSpecifiedTests=false -Dmodules.write=true";

    private static final Path COMMITTED = Path.of("docs", "modules");

    private final ApplicationModules modules = ApplicationModules.of(ToegangApplication.class);

    @Test
    void modulesHaveNoCyclesNoInternalAccessAndOnlyAllowedDependencies() {
        modules.verify();
    }

    @Test
    void committedModuleDiagramsMatchTheCode(@TempDir Path generated) throws IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Map<String, String> expected = read(generated);

        if (Boolean.getBoolean("modules.write")) {
            replaceCommitted(expected);
            return;
        }
        Map<String, String> committed = read(COMMITTED);
        var differing = new TreeSet<String>();
        differing.addAll(expected.keySet());
        differing.addAll(committed.keySet());
        differing.removeIf(name -> Objects.equals(expected.get(name), committed.get(name)));
        assertThat(differing)
                .as("docs/modules is out of date with the module structure (files listed are missing, extra or "
                        + "different); regenerate it with: " + REGENERATE)
                .isEmpty();
    }

    /** File name to canonical content (see {@link #canonical}). */
    private static Map<String, String> read(Path dir) throws IOException {
        var files = new TreeMap<String, String>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), canonical(Files.readString(file)));
            }
        }
        return files;
    }

    /**
     * The Documenter lists components, relations and beans in the order the classes were scanned, which may differ
     * between machines; each run of such list lines (PlantUML {@code Component(}/{@code Rel(}, AsciiDoc bullets) is
     * sorted so that only a real change of structure makes a difference. Line endings are normalised too.
     */
    static String canonical(String content) {
        List<String> lines = new ArrayList<>(List.of(content.replace("\r\n", "\n").split("\n", -1)));
        int start = 0;
        while (start < lines.size()) {
            String kind = listKind(lines.get(start));
            int end = start + 1;
            while (kind != null && end < lines.size() && !lines.get(end).startsWith("|")
                    && kind.equals(listKind(lines.get(end)))) {
                end++;
            }
            if (end - start > 1) {
                sortRun(lines, start, end);
            }
            start = end;
        }
        return String.join("\n", lines);
    }

    private static String listKind(String line) {
        String item = line.startsWith("|") ? line.substring(1) : line;
        if (item.startsWith("* ")) {
            return "bullet";
        }
        if (item.startsWith("Rel(")) {
            return "relation";
        }
        if (item.trim().startsWith("Component(")) {
            return "component";
        }
        return null;
    }

    /** Sorts lines [start, end); an AsciiDoc cell marker {@code |} stays on the first line of the run. */
    private static void sortRun(List<String> lines, int start, int end) {
        boolean cell = lines.get(start).startsWith("|");
        List<String> run = new ArrayList<>(lines.subList(start, end));
        if (cell) {
            run.set(0, run.get(0).substring(1));
        }
        run.sort(null);
        if (cell) {
            run.set(0, "|" + run.get(0));
        }
        for (int i = 0; i < run.size(); i++) {
            lines.set(start + i, run.get(i));
        }
    }

    private static void replaceCommitted(Map<String, String> files) throws IOException {
        Files.createDirectories(COMMITTED);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> list = Files.list(COMMITTED)) {
            list.filter(file -> !files.containsKey(file.getFileName().toString())).forEach(stale::add);
        }
        for (Path file : stale) {
            Files.delete(file);
        }
        files.forEach((name, content) -> {
            try {
                Files.writeString(COMMITTED.resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
