package nl.toegang.packaging;

import nl.toegang.realm.RealmDirectoryLoader;
import nl.toegang.realm.RealmFileParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/compose.yml validates with the Compose tool (no engine is needed for {@code config}), needs its secrets from
 * the environment, and the realm files it mounts pass the production rules.
 */
class ContainerFilesTest {
    static final Map<String, String> SECRETS = Map.of(
            "TOEGANG_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "TOEGANG_DB_PASSWORD", "db-password-for-validation",
            "DEMO_PORTAL_SECRET", "Xq7vR2mK9pL4sT8wZ1nB6cF3hJ5dG0aY",
            "ADMIN_TOOL_SECRET", "N4bV8cX2zM6lK1jH9gF5dS3aP7oI0uYt");

    @Test
    void composeFileValidatesWithSecretsFromTheEnvironmentOnly() throws Exception {
        List<String> command = composeCommand();
        var withSecrets = run(command, SECRETS);
        assertThat(withSecrets.exit()).as(withSecrets.output()).isZero();
        assertThat(withSecrets.output()).contains("toegang-1:").contains("toegang-2:").contains("read_only: true")
                .contains("SPRING_PROFILES_ACTIVE: prod");

        var withoutSecrets = run(command, Map.of());
        assertThat(withoutSecrets.exit()).as("secrets are never baked in").isNotZero();
        assertThat(withoutSecrets.output()).contains("TOEGANG_MASTER_KEY");
    }

    @Test
    void realmFilesOfTheComposeSetupPassTheProductionRules() {
        var parser = new RealmFileParser(SECRETS::get, true);
        var realms = new RealmDirectoryLoader(parser).loadAll(Path.of("docker/realms"));
        assertThat(realms).extracting(r -> r.name()).containsExactlyInAnyOrder("portal", "admin");
    }

    @Test
    void dockerfileRunsAsNonRootWithAHealthCheck() throws Exception {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).contains("USER 10001").contains("HEALTHCHECK").contains("VOLUME [\"/data\"");
    }

    @Test
    void imageBuildHasTheRealmSchemaTheServerPublishes() throws Exception {
        // The build copies docs/realm.schema.json into the jar; without it the server refuses to start.
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY docs/realm.schema.json docs/realm.schema.json");
        assertThat(dockerfile.indexOf("COPY docs/realm.schema.json")).isLessThan(dockerfile.indexOf("mvn -B -q package"));
    }

    @Test
    void jvmFlagsComeFromTheOneFileTheBenchmarkUsesToo() throws Exception {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY --chown=root:root docker/jvm.options /app/jvm.options")
                .contains("ENTRYPOINT [\"java\", \"@/app/jvm.options\"")
                .doesNotContain("JAVA_TOOL_OPTIONS").doesNotContain("-Xmx");
        // The file is a java launcher argument file: the JVM accepts it as it is (an unknown flag would fail here).
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@docker/jvm.options", "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor()).as(flags).isZero();
        assertThat(flags).containsPattern("MaxHeapSize\\s+=\\s+\\d+\\s+\\{product\\} \\{command line\\}")
                .containsPattern("TrimNativeHeapInterval\\s+=\\s+5000\\s+\\{product\\} \\{command line\\}");
    }

    private static List<String> composeCommand() {
        if (onPath("docker-compose")) {
            return List.of("docker-compose", "-f", "docker/compose.yml", "config");
        }
        if (onPath("docker")) {
            try {
                if (run(List.of("docker", "compose", "version"), Map.of()).exit() == 0) {
                    return List.of("docker", "compose", "-f", "docker/compose.yml", "config");
                }
            } catch (Exception ignored) {
                // fall through
            }
        }
        String message = "neither docker-compose nor the docker compose plugin is installed (.ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return List.of();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> SECRETS.containsKey(k) || k.startsWith("TOEGANG_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }
}
