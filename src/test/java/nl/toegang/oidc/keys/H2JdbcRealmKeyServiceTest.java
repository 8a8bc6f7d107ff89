package nl.toegang.oidc.keys;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import nl.toegang.testsupport.FlywayMigrations;

import javax.sql.DataSource;
import java.util.UUID;

/** The key service contract on H2 in-memory, the embedded default's database. */
class H2JdbcRealmKeyServiceTest extends JdbcRealmKeyServiceContract {

    private HikariDataSource dataSource;

    @Override
    DataSource openDatabase() {
        HikariConfig config = new HikariConfig();
        // DB_CLOSE_DELAY keeps the database between pooled connections; it is shut down in closeDatabase()
        config.setJdbcUrl("jdbc:h2:mem:keys_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(16);
        dataSource = new HikariDataSource(config);
        FlywayMigrations.migrate(dataSource);
        return dataSource;
    }

    @Override
    void closeDatabase() {
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource).sql("shutdown").update();
        dataSource.close();
    }
}
