package nl.toegang.account;

import nl.toegang.testsupport.FlywayMigrations;
import nl.toegang.testsupport.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

class AccountRepositoryPostgresTest extends AccountRepositoryContract {
    static PostgresTestDatabase database;

    @BeforeAll
    static void migrate() {
        database = PostgresTestDatabase.create();
        FlywayMigrations.migrate(database.dataSource());
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    DataSource dataSource() {
        return database.dataSource();
    }
}
