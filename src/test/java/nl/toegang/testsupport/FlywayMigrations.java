package nl.toegang.testsupport;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Applies the application's Flyway migrations ({@code classpath:db/migration}) without a Spring context. */
public final class FlywayMigrations {

    private FlywayMigrations() {
    }

    /** Migrates the data source's default schema (for {@link PostgresTestDatabase}, its own schema). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
}
