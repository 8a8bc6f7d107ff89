package nl.toegang.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak for the side-by-side benchmark: the distribution that {@code benchmark.sh --keycloak} fetched into the
 * local Maven repository ({@code org.keycloak:keycloak-quarkus-dist:<version>:zip}), unpacked into the run's work
 * directory, started with {@code kc.sh start-dev} (its embedded default, as Toegang's embedded default is compared
 * with it) on a JDK 21+ when one is installed, and given the same fixtures as Toegang's bench realm through its
 * admin REST API: a client-credentials client, a confidential code + PKCE client, and the same users and password.
 */
final class KeycloakServer implements AutoCloseable {
    static final String VERSION = System.getProperty("bench.keycloak-version", "26.5.6");
    private static final String ADMIN = "bench-admin";
    private static final String ADMIN_PASSWORD = "bench-admin-password-0123456789";

    private final Path home;
    private final Path javaHome;
    private final Path log;
    private Process launcher;
    private int port;

    private KeycloakServer(Path home, Path javaHome, Path log) {
        this.home = home;
        this.javaHome = javaHome;
        this.log = log;
    }

    /** Unpacks the distribution into {@code work}. */
    static KeycloakServer unpack(Path work) throws IOException {
        Path zip = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "keycloak",
                "keycloak-quarkus-dist", VERSION, "keycloak-quarkus-dist-" + VERSION + ".zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException(zip + " is missing: run src/test/bench/benchmark.sh --keycloak, which "
                    + "fetches it with mvn dependency:get");
        }
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path target = work.resolve(entry.getName()).normalize();
                if (!target.startsWith(work)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new KeycloakServer(work.resolve("keycloak-" + VERSION), javaHome(), work.resolve("keycloak.log"));
    }

    /** {@code -Dbench.keycloak-java-home}, else the newest JDK 21+ under /usr/lib/jvm, else this JVM's. */
    private static Path javaHome() throws IOException {
        String given = System.getProperty("bench.keycloak-java-home", "");
        if (!given.isBlank()) {
            return Path.of(given);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (var dirs = Files.list(jvms)) {
                Optional<Path> newest = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                        .filter(d -> featureVersion(d) >= 21)
                        .max(Comparator.comparingInt(KeycloakServer::featureVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        return Path.of(System.getProperty("java.home"));
    }

    private static int featureVersion(Path jdk) {
        // temurin-25-jdk-amd64, java-17-openjdk-amd64, java-1.17.0-openjdk-amd64: the first two-digit number
        var m = java.util.regex.Pattern.compile("(?<!\\d)(\\d{2})(?!\\d)").matcher(jdk.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    String javaVersion() throws Exception {
        Process p = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version").redirectErrorStream(true)
                .start();
        String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
        p.waitFor();
        return first;
    }

    /** Starts {@code kc.sh start-dev} and waits until the realm's discovery document answers; returns the millis. */
    long start(int httpPort, String readyRealm) throws Exception {
        this.port = httpPort;
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + httpPort, "--http-management-port=" + freePort(), "--log-level=WARN"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long start = System.nanoTime();
        launcher = builder.start();
        var client = new BenchClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("Keycloak exited; see " + log);
            }
            try {
                if (client.get(base() + "/realms/" + readyRealm + "/.well-known/openid-configuration")
                        .statusCode() == 200) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("Keycloak not ready; see " + log);
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** The Java process itself (kc.sh runs it as a child): what CPU and memory are read from. */
    ProcessHandle java() {
        return launcher.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Keycloak java process"));
    }

    void stop() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            List<ProcessHandle> children = launcher.toHandle().descendants().toList();
            launcher.destroy();
            children.forEach(ProcessHandle::destroy);
            launcher.waitFor();
            for (ProcessHandle child : children) {
                child.onExit().join();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The bench realm: the same clients, users and password as Toegang's, brute-force detection as it ships. */
    void createFixtures(String realm, String secret, String redirect, String password, int users) throws Exception {
        var admin = new BenchClient();
        var token = admin.post(base() + "/realms/master/protocol/openid-connect/token", java.util.Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD),
                null);
        String bearer = "Bearer " + BenchClient.field(token.body(), "access_token");
        post(admin, bearer, "/admin/realms", """
                {"realm":"%s","enabled":true}""".formatted(realm));
        post(admin, bearer, "/admin/realms/" + realm + "/clients", """
                {"clientId":"bench-api","enabled":true,"publicClient":false,"secret":"%s",
                 "serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false}"""
                .formatted(secret));
        post(admin, bearer, "/admin/realms/" + realm + "/clients", """
                {"clientId":"bench-portal","enabled":true,"publicClient":false,"secret":"%s",
                 "standardFlowEnabled":true,"directAccessGrantsEnabled":false,"redirectUris":["%s"],
                 "attributes":{"pkce.code.challenge.method":"S256"}}""".formatted(secret, redirect));
        for (int i = 0; i < users; i++) {
            post(admin, bearer, "/admin/realms/" + realm + "/users", """
                    {"username":"bench-%d","email":"bench-%d@example.org","emailVerified":true,"enabled":true,
                     "firstName":"Bench","lastName":"User %d",
                     "credentials":[{"type":"password","value":"%s","temporary":false}]}"""
                    .formatted(i, i, i, password));
        }
    }

    private void post(BenchClient admin, String bearer, String path, String json) throws Exception {
        var response = admin.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Keycloak admin " + path + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
