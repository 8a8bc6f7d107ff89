package nl.toegang.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A throw-away schema in the developer's / CI's PostgreSQL, for tests that must prove SQL works on the production
 * database. Each instance creates its own schema {@code toegang_test_<random>}, so parallel runs and other developers
 * on the same server do not collide; {@link #close()} drops it again.
 *
 * <pre>{@code
 * PostgresTestDatabase db = PostgresTestDatabase.create();   // in @BeforeAll; skips or fails when unreachable
 * FlywayMigrations.migrate(db.dataSource());
 * ...
 * db.close();                                                // in @AfterAll: drops the schema
 * }</pre>
 *
 * <p>Connection settings: system properties {@code toegang.test.postgres.url|user|password} or environment variables
 * {@code TOEGANG_TEST_POSTGRES_URL|USER|PASSWORD}; default {@code jdbc:postgresql://127.0.0.1:5432/test}, user
 * {@code postgres}, no password. When PostgreSQL is unreachable the calling test is skipped (JUnit assumption), or
 * fails when the environment variable {@code CI} is {@code true}, so CI cannot silently lose this coverage.
 * Note that Surefire reports nothing at all for a skip in {@code @BeforeAll}; catch the
 * {@link org.opentest4j.TestAbortedException} there and rethrow it from {@code @BeforeEach} so every test shows as
 * skipped (see {@code JdbcRealmKeyServiceContract}).
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA_PREFIX = "toegang_test_";

    private final String baseUrl;
    private final Properties credentials;
    private final String schema;
    private final HikariDataSource dataSource;

    private PostgresTestDatabase(String baseUrl, Properties credentials, String schema, HikariDataSource dataSource) {
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.schema = schema;
        this.dataSource = dataSource;
    }

    /** Creates a fresh schema and a pooled data source whose connections use it as {@code currentSchema}. */
    public static PostgresTestDatabase create() {
        String url = setting("url", DEFAULT_URL);
        Properties credentials = new Properties();
        credentials.setProperty("user", setting("user", "postgres"));
        credentials.setProperty("password", setting("password", ""));
        credentials.setProperty("connectTimeout", "5");

        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String schema = SCHEMA_PREFIX + HexFormat.of().formatHex(random);

        try (Connection admin = DriverManager.getConnection(url, credentials);
             Statement st = admin.createStatement()) {
            st.execute("create schema " + schema);
        } catch (SQLException e) {
            String message = "PostgreSQL at " + url + " is not reachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so PostgreSQL tests must not be skipped", e);
            }
            Assumptions.abort(message + "; skipping PostgreSQL tests (set CI=true to make this fail)");
        }

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        config.setDataSourceProperties(credentials);
        config.setMaximumPoolSize(16);
        config.setPoolName(schema);
        return new PostgresTestDatabase(url, credentials, schema, new HikariDataSource(config));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The schema's name, {@code toegang_test_} followed by 12 hex digits. */
    public String schema() {
        return schema;
    }

    /** JDBC URL that selects this schema, for code that opens its own connections. */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    /** Closes the pool and drops the schema with everything in it. */
    @Override
    public void close() {
        dataSource.close();
        try (Connection admin = DriverManager.getConnection(baseUrl, credentials);
             Statement st = admin.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    private static String setting(String name, String defaultValue) {
        String value = System.getProperty("toegang.test.postgres." + name);
        if (value == null) {
            value = System.getenv("TOEGANG_TEST_POSTGRES_" + name.toUpperCase(java.util.Locale.ROOT));
        }
        return value != null ? value : defaultValue;
    }
}
