package nl.toegang.oidc.keys;

import nl.toegang.testsupport.FlywayMigrations;
import nl.toegang.testsupport.PostgresTestDatabase;

import javax.sql.DataSource;

/**
 * The key service contract on PostgreSQL, the production database, in a throw-away schema. Skipped when PostgreSQL
 * is unreachable, except on CI ({@code CI=true}), where that fails.
 */
class PostgresJdbcRealmKeyServiceTest extends JdbcRealmKeyServiceContract {

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
