package nl.toegang.mfa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import nl.toegang.testsupport.FlywayMigrations;
import nl.toegang.testsupport.PostgresTestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.UUID;

/** A migrated database for the MFA storage contracts: H2 in memory, or a throw-away PostgreSQL schema. */
public interface TestDatabase extends AutoCloseable {

    DataSource dataSource();

    @Override
    void close();

    /** H2 in memory under a random name; {@link #close()} shuts it down. */
    static TestDatabase h2() {
        HikariConfig config = new HikariConfig();
        // DB_CLOSE_DELAY keeps the database between pooled connections until close() shuts it down
        config.setJdbcUrl("jdbc:h2:mem:mfa_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(16);
        HikariDataSource dataSource = new HikariDataSource(config);
        FlywayMigrations.migrate(dataSource);
        return new TestDatabase() {
            @Override
            public DataSource dataSource() {
                return dataSource;
            }

            @Override
            public void close() {
                JdbcClient.create(dataSource).sql("shutdown").update();
                dataSource.close();
            }
        };
    }

    /** PostgreSQL via {@link PostgresTestDatabase}: aborts (skip) when unreachable, or fails when {@code CI=true}. */
    static TestDatabase postgres() {
        PostgresTestDatabase database = PostgresTestDatabase.create();
        FlywayMigrations.migrate(database.dataSource());
        return new TestDatabase() {
            @Override
            public DataSource dataSource() {
                return database.dataSource();
            }

            @Override
            public void close() {
                database.close();
            }
        };
    }
}
