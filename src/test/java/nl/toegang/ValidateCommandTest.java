package nl.toegang;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar toegang.jar validate ...} through the real dispatch of {@link ToegangApplication}: what a pipeline
 * sees on stdout and as exit status.
 */
class ValidateCommandTest {
    /** Strong stand-ins for the secrets docker/realms reads from the environment. */
    private static final Map<String, String> PRODUCTION_SECRETS = Map.of(
            "DEMO_PORTAL_SECRET", "Xq7vR2mK9pL4sT8wZ1nB6cF3hJ5dG0aY",
            "ADMIN_TOOL_SECRET", "N4bV8cX2zM6lK1jH9gF5dS3aP7oI0uYt");
    private static final String WEAK_SECRET = "client 'app' has a weak secret; use at least 32 random characters"
            + " (e.g. openssl rand -base64 32)";

    @TempDir
    Path dir;

    record Result(int exit, List<String> out, String err) {
    }

    private static Result validate(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> exits = new ArrayList<>();
        String[] command = Stream.concat(Stream.of("validate"), Stream.of(args)).toArray(String[]::new);
        ToegangApplication.launch(command, environment::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), exits::add);
        assertThat(exits).as("exit is called once").hasSize(1);
        return new Result(exits.get(0), out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8));
    }

    private static Result validate(String... args) {
        return validate(Map.of(), args);
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void whenShippedRealmsAreCheckedThenTheyAreValid() {
        Result result = validate("realms");

        assertThat(result.out()).containsExactly("OK: 2 realm files, realms admin, portal (development rules)");
        assertThat(result.exit()).isZero();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void whenTheComposeRealmsAreCheckedWithProductionRulesThenTheyAreValid() {
        Result result = validate(PRODUCTION_SECRETS, "--profile", "prod", "docker/realms");

        assertThat(result.out()).containsExactly("OK: 2 realm files, realms admin, portal (production rules)");
        assertThat(result.exit()).isZero();
    }

    @Test
    void whenTheDevelopmentRealmsAreCheckedWithProductionRulesThenEveryFileReportsItsFirstProblem() {
        Result result = validate("--profile=prod", "realms");

        assertThat(result.out()).containsExactly(
                "realms/admin.yaml:15: client 'support-tool' has a weak secret; use at least 32 random characters"
                        + " (e.g. openssl rand -base64 32)",
                "realms/portal.yaml:16: client 'demo-portal' has a weak secret; use at least 32 random characters"
                        + " (e.g. openssl rand -base64 32)",
                "2 problems in 2 realm files (production rules)");
        assertThat(result.exit()).isEqualTo(1);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("bad YAML", """
                        name: portal
                        displayName: Portaal
                        clients:
                          - clientId: app
                             type: public
                        """, ":5: invalid YAML: mapping values are not allowed here"),
                Arguments.of("unknown field", """
                        name: portal
                        displayName: Portaal
                        clients:
                          - clientId: app
                            type: public
                            redirect_uris: [https://app.example.org/cb]
                        """, ":6: unknown field 'redirect_uris' in client 'app' (did you mean 'redirectUris'?);"
                        + " allowed fields: clientId, name, type, secret, authenticationMethods, jwksUri, jwks,"
                        + " redirectUris, postLogoutRedirectUris, grantTypes, scopes, roles, bsn, eidasPersonIdentifier,"
                        + " mfa, backchannelLogoutUri, backchannelLogoutSessionRequired, profile,"
                        + " requirePushedAuthorizationRequests, dpop, sectorIdentifier, introspection"),
                Arguments.of("duplicate client", """
                        name: portal
                        displayName: Portaal
                        clients:
                          - clientId: app
                            type: public
                            redirectUris: [https://app.example.org/cb]
                          - clientId: app
                            type: public
                            redirectUris: [https://app.example.org/other]
                        """, ":7: clientId 'app' is already used by the client on line 4; client ids must be"
                        + " unique within a realm"),
                Arguments.of("weak secret", """
                        name: portal
                        displayName: Portaal
                        clients:
                          - clientId: app
                            type: confidential
                            secret: ${APP_SECRET:change-me}
                            redirectUris: [https://app.example.org/cb]
                        """, ":6: " + WEAK_SECRET),
                Arguments.of("http redirect", """
                        name: portal
                        displayName: Portaal
                        clients:
                          - clientId: app
                            type: public
                            redirectUris:
                              - http://localhost:8081/cb
                              - http://app.example.org/cb
                        """, ":8: redirectUris entry 'http://app.example.org/cb' of client 'app' must use https in"
                        + " production (plain http is only allowed for localhost)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void whenARealmFileHasAMistakeThenItsFileAndLineArePrintedAndTheExitIsNonZero(String kind, String yaml,
                                                                                  String problem) throws IOException {
        Path file = write("realm.yaml", yaml);

        Result result = validate("--profile", "prod", dir.toString());

        assertThat(result.out()).containsExactly(file + problem, "1 problem in 1 realm file (production rules)");
        assertThat(result.exit()).isEqualTo(1);
    }

    @Test
    void whenProblemsAreOnlyProductionRulesThenTheDevelopmentRulesAcceptTheFiles() throws IOException {
        mistakes().skip(3).forEach(mistake -> {
            try {
                write(mistake.get()[0].toString().replace(' ', '-') + ".yaml",
                        mistake.get()[1].toString().replace("name: portal", "name: " + mistake.get()[0]
                                .toString().replace(' ', '-')));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(validate(dir.toString()).exit()).isZero();
        Result production = validate("--profile", "prod", dir.toString());
        assertThat(production.out()).hasSize(3).last().isEqualTo("2 problems in 2 realm files (production rules)");
        assertThat(production.exit()).isEqualTo(1);
    }

    @Test
    void whenSeveralFilesAreBrokenThenEachIsReportedInFileNameOrderAndValidOnesAreRead() throws IOException {
        Path first = write("a.yaml", "name: a\n");
        write("b.yaml", "name: b\ndisplayName: B\n");
        Path third = write("c.yaml", "name: c\ndisplayName: C\nsettings:\n  idTokenLifetime: 300\n");

        Result result = validate(dir.toString());

        assertThat(result.out()).containsExactly(
                first + ":1: missing required field 'displayName' at the top level",
                third + ":4: idTokenLifetime '300' is not a duration; write e.g. 30s, 5m, 8h, 90d or ISO-8601 such"
                        + " as PT5M",
                "2 problems in 3 realm files (development rules)");
        assertThat(result.exit()).isEqualTo(1);
    }

    @Test
    void whenTwoFilesDeclareTheSameRealmThenTheSecondIsReportedAsAtStartup() throws IOException {
        Path first = write("a.yaml", "name: portal\ndisplayName: A\n");
        Path second = write("b.yaml", "name: portal\ndisplayName: B\n");

        Result result = validate(dir.toString());

        assertThat(result.out()).containsExactly(second + ": realm 'portal' is already declared in " + first
                + "; each realm name may appear in one file only", "1 problem in 2 realm files (development rules)");
        assertThat(result.exit()).isEqualTo(1);
    }

    @Test
    void whenAPlaceholderIsUnsetThenItIsAProblemAsAtStartup() {
        Result result = validate(Map.of(), "--profile", "prod", "docker/realms/admin.yaml");

        assertThat(result.out()).hasSize(2);
        assertThat(result.out().get(0)).startsWith("docker/realms/admin.yaml:8: ").contains("ADMIN_TOOL_SECRET");
        assertThat(result.exit()).isEqualTo(1);
    }

    @Test
    void whenASingleFileIsNamedThenOnlyItIsChecked() throws IOException {
        Path file = write("one.yaml", "name: one\ndisplayName: One\n");
        write("broken.yaml", "name: [\n");

        Result result = validate(file.toString());

        assertThat(result.out()).containsExactly("OK: 1 realm file, realms one (development rules)");
        assertThat(result.exit()).isZero();
    }

    @Test
    void whenASingleFileWouldBeSkippedByStartupThenThatIsAProblem() throws IOException {
        Path file = write("portal.yaml.txt", "name: one\ndisplayName: One\n");

        Result result = validate(file.toString());

        assertThat(result.out()).first().isEqualTo(file + ": startup reads only regular files ending in .yaml or"
                + " .yml whose names do not start with '.'; this file would be skipped");
        assertThat(result.exit()).isEqualTo(1);
    }

    @Test
    void whenTheCommandLineIsWrongThenTheExitIsTwoWithTheUsage() {
        Map<String, String[]> wrong = Map.of(
                "validate: name a realms directory or realm file, e.g. validate realms", new String[]{},
                "validate: unknown option '--strict'", new String[]{"--strict", "realms"},
                "validate: unknown profile 'production'; only 'prod' changes the rules for realm files (leave"
                        + " --profile out for the development rules)", new String[]{"--profile", "production", "realms"},
                "validate: --profile needs a value: --profile prod", new String[]{"realms", "--profile"},
                "validate: no such file or directory: no-such-dir", new String[]{"no-such-dir"});
        wrong.forEach((message, args) -> {
            Result result = validate(args);
            assertThat(result.exit()).as(message).isEqualTo(2);
            assertThat(result.out()).as(message).isEmpty();
            assertThat(result.err()).as(message).startsWith(message + "\n")
                    .contains("Usage: java -jar toegang.jar validate [--profile prod] PATH...");
        });
    }

    @Test
    void whenHelpIsAskedThenTheUsageIsPrintedAndTheExitIsZero() {
        Result result = validate("--help");

        assertThat(result.out()).first().isEqualTo("Usage: java -jar toegang.jar validate [--profile prod] PATH...");
        assertThat(result.exit()).isZero();
    }

    @Test
    void whenTheEnvironmentNamesTheProdProfileButTheCommandDoesNotThenItSaysWhichRulesApplied() {
        Result result = validate(Map.of("SPRING_PROFILES_ACTIVE", "prod"), "realms");

        assertThat(result.out()).containsExactly("OK: 2 realm files, realms admin, portal (development rules)");
        assertThat(result.err()).isEqualTo("validate: note: SPRING_PROFILES_ACTIVE names prod, but the production"
                + " rules apply only with --profile prod\n");
    }

    /**
     * The server under the prod profile would refuse to start here (no master key, no public URL) and would open the
     * database and bind its port; validate does none of it.
     */
    @Test
    void whenValidatingThenNoDatabasePortOrDataDirectoryIsUsed() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path data = dir.resolve("data");
        Map<String, String> properties = Map.of(
                "spring.profiles.active", "prod",
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/unreachable",
                "server.port", String.valueOf(port),
                "management.server.port", String.valueOf(port),
                "toegang.data-dir", data.toString());
        Map<String, String> before = new HashMap<>();
        properties.forEach((key, value) -> before.put(key, System.setProperty(key, value)));
        try {
            Result result = validate(PRODUCTION_SECRETS, "--profile", "prod", "docker/realms");

            assertThat(result.out()).containsExactly("OK: 2 realm files, realms admin, portal (production rules)");
            assertThat(result.exit()).isZero();
            assertThat(data).as("no H2 database, master key or DigiD keys were written").doesNotExist();
            try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(free.getLocalPort()).as("nothing listens on server.port").isEqualTo(port);
            }
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }
}
