package nl.toegang;

import nl.toegang.testsupport.SecretScanner;
import nl.toegang.testsupport.TestRunSecrets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-run secret scan. Maven runs it in its own surefire execution after all other tests (pom.xml,
 * execution {@code secret-scan}); it reads what the run left behind: every test class's log output
 * ({@code target/surefire-reports/*-output.txt} written during this build) and every audit event the test servers
 * recorded, and fails when any line holds a secret, token, code or BSN ({@link SecretScanner}).
 * Not named {@code *Test}, so the normal execution does not pick it up before the others have run.
 */
class RunSecretScan {
    private static final DateTimeFormatter RUN_DIRECTORY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'");

    @Test
    void noLogLineOrAuditEventOfThisRunHoldsASecret() throws IOException {
        Path run = TestRunSecrets.directory().orElse(null);
        Assumptions.assumeTrue(run != null && Files.isDirectory(run),
                "no test of this build handled a secret (or the build did not set toegang.test-run.dir)");
        Instant started = LocalDateTime.parse(run.getFileName().toString(), RUN_DIRECTORY).toInstant(ZoneOffset.UTC);

        List<String> secrets = new ArrayList<>();
        List<Path> audits = new ArrayList<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("secrets-")) {
                    secrets.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                } else if (name.startsWith("audit-")) {
                    audits.add(file);
                }
            }
        }
        List<Path> logs = new ArrayList<>();
        Path reports = Path.of(System.getProperty("toegang.surefire-reports", "target/surefire-reports"));
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    // Only this build's output, and not this scan's own.
                    if (name.endsWith("-output.txt") && !name.contains(RunSecretScan.class.getSimpleName())
                            && !Files.getLastModifiedTime(file).toInstant().isBefore(started)) {
                        logs.add(file);
                    }
                }
            }
        }
        // Known secrets may be none (a browser-only run); JWT shapes and BSNs are still looked for.
        SecretScanner scanner = new SecretScanner(secrets);
        List<SecretScanner.Finding> findings = new ArrayList<>();
        for (Path file : logs) {
            findings.addAll(scanner.scan("log " + file.getFileName(), lines(file)));
        }
        for (Path file : audits) {
            findings.addAll(scanner.scan("audit events " + file.getFileName(), lines(file)));
        }
        assertThat(findings).as("log lines and audit events holding a secret (%d log files, %d audit dumps, "
                + "%d known secrets)", logs.size(), audits.size(), secrets.size()).isEmpty();
    }

    private static List<String> lines(Path file) throws IOException {
        // Test output may hold bytes that are not UTF-8 (binary dumps): read leniently, a secret is ASCII.
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().toList();
    }
}
