package nl.toegang.benchmark.scale;

import org.postgresql.PGConnection;

import java.io.StringReader;
import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes many accounts into PostgreSQL with {@code COPY ... FROM STDIN} in chunks (one round trip per chunk, no
 * per-row statements). Every account gets the same precomputed Argon2id hash: verification cost depends only on
 * the parameters in the hash, so reusing one hash is realistic for login timing and saves hours of hashing.
 */
public final class AccountGenerator {
    private static final int CHUNK = 50_000;

    private final String schema;
    private final String realm;
    private final String passwordHash;

    public AccountGenerator(String schema, String realm, String passwordHash) {
        this.schema = schema;
        this.realm = realm;
        this.passwordHash = passwordHash;
    }

    /** Inserts accounts {@code <prefix>-<from>@example.org} up to (not including) {@code to}; returns the count. */
    public long generate(Connection connection, String prefix, int from, int to) throws Exception {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY " + schema + ".account (id, realm, email, email_normalized, name, locale, email_verified, "
                + "password_hash, enabled, created_at, updated_at) FROM STDIN (FORMAT csv)";
        String now = Instant.now().toString();
        long written = 0;
        for (int start = from; start < to; start += CHUNK) {
            StringBuilder rows = new StringBuilder(CHUNK * 260);
            for (int i = start; i < Math.min(to, start + CHUNK); i++) {
                String email = prefix + "-" + i + "@example.org";
                rows.append(UUID.randomUUID()).append(',').append(csv(realm)).append(',').append(csv(email))
                        .append(',').append(csv(email)).append(",Scale User ").append(i).append(',')
                        .append(i % 3 == 0 ? "nl" : "en").append(",true,").append(csv(passwordHash)).append(",true,")
                        .append(now).append(',').append(now).append('\n');
            }
            written += copy.copyIn(sql, new StringReader(rows.toString()));
        }
        try (var statement = connection.createStatement()) {
            statement.execute("ANALYZE " + schema + ".account"); // plans as production would have them
        }
        return written;
    }

    /** One CSV field, quoted: an Argon2 PHC string has commas in it ({@code m=19456,t=2,p=1}). */
    static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
