package nl.toegang.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Collects, for the whole test run, every secret the tests handle (passwords typed, client secrets, codes and tokens
 * received, recovery codes shown) and every audit event the servers recorded, in files under
 * {@code toegang.test-run.dir} (set by the build, one directory per build). {@code RunSecretScan}, run by Maven after
 * all other tests, then checks that no log line or audit event of the run contains any of them. Without the
 * property (a test started from an IDE) nothing is written.
 */
public final class TestRunSecrets {
    public static final String DIRECTORY_PROPERTY = "toegang.test-run.dir";
    /** Shorter values (6-digit TOTP codes, short test strings) would match by accident; they are not collected. */
    static final int MIN_LENGTH = 8;
    private static final String FILE = "secrets-" + ProcessHandle.current().pid() + ".txt";

    private TestRunSecrets() {
    }

    public static Optional<Path> directory() {
        return Optional.ofNullable(System.getProperty(DIRECTORY_PROPERTY)).filter(p -> !p.isBlank()).map(Path::of);
    }

    /** Remembers {@code value} as a secret that must never appear in a log line or audit event. */
    public static void remember(String value) {
        if (value == null || value.strip().length() < MIN_LENGTH) {
            return;
        }
        directory().ifPresent(dir -> append(dir.resolve(FILE), value.strip().replace("\n", " ") + "\n"));
    }

    /** Writes one server's audit trail (every column) for the scan; called before the server stops. */
    static void auditTrail(String rows) {
        if (rows.isEmpty()) {
            return;
        }
        directory().ifPresent(dir -> append(dir.resolve("audit-" + UUID.randomUUID() + ".txt"), rows));
    }

    private static synchronized void append(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
