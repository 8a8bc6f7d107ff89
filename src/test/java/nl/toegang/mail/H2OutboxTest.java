package nl.toegang.mail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import nl.toegang.testsupport.FlywayMigrations;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.UUID;

/** The outbox contract on H2 in-memory, the embedded default's database. */
class H2OutboxTest extends OutboxContract {

    private HikariDataSource dataSource;

    @Override
    DataSource openDatabase() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:outbox_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        FlywayMigrations.migrate(dataSource);
        return dataSource;
    }

    @Override
    void closeDatabase() {
        JdbcClient.create(dataSource).sql("shutdown").update();
        dataSource.close();
    }
}
