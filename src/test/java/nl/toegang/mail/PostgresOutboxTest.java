package nl.toegang.mail;

import nl.toegang.testsupport.FlywayMigrations;
import nl.toegang.testsupport.PostgresTestDatabase;

import javax.sql.DataSource;

/**
 * The outbox contract on PostgreSQL, in a throw-away schema. Skipped when PostgreSQL is unreachable, except on CI
 * ({@code CI=true}), where that fails.
 */
class PostgresOutboxTest extends OutboxContract {

    private PostgresTestDatabase database;

    @Override
    DataSource openDatabase() {
        database = PostgresTestDatabase.create();
        FlywayMigrations.migrate(database.dataSource());
        return database.dataSource();
    }

    @Override
    void closeDatabase() {
        database.close();
    }
}
