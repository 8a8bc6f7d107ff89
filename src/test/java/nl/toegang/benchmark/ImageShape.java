package nl.toegang.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the container image starts the server, read from docker/Dockerfile so the benchmark measures the image's shape:
 * the runtime's Java feature version, and with it the start-up archive the image trains at build time — Java 25's
 * AOT cache (JEP 483/514/515) or, on an older runtime, a dynamic class-data-sharing archive. The benchmark runs the
 * same training (start the context once, exit at refresh) on this machine's JDK of that version.
 *
 * @param java     the java launcher of a JDK with the image's feature version (the PATH's when none is installed)
 * @param aotCache true for Java 25+'s AOT cache, false for a CDS archive
 */
record ImageShape(String java, int feature, boolean aotCache) {
    private static final Pattern RUNTIME = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre");

    static ImageShape fromDockerfile(Path dockerfile) throws IOException {
        var matcher = RUNTIME.matcher(Files.readString(dockerfile));
        int feature = matcher.find() ? Integer.parseInt(matcher.group(1)) : 17;
        String java = installed(feature);
        boolean aot = feature >= 25 && !"java".equals(java);
        return new ImageShape(java, feature, aot);
    }

    /** A JDK of that feature version under /usr/lib/jvm, else the PATH's java. */
    private static String installed(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var dirs = Files.list(jvms)) {
                var match = dirs.filter(d -> d.getFileName().toString().matches(".*\\D" + feature + "(\\D.*)?"))
                        .map(d -> d.resolve("bin/java")).filter(Files::isExecutable).findFirst();
                if (match.isPresent()) {
                    return match.get().toString();
                }
            }
        }
        return "java";
    }

    /** Flags of the training run that writes the archive (the Dockerfile's build step). */
    List<String> training(Path archive) {
        return List.of(aotCache ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.context.exit=onRefresh");
    }

    /** Flags of a start with the archive (the Dockerfile's entry point). */
    List<String> run(Path archive) {
        return List.of(aotCache ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive);
    }

    String describe() {
        return "Java " + feature + (aotCache ? " with the AOT cache" : " with a CDS archive");
    }
}
