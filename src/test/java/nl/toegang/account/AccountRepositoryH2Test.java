package nl.toegang.account;

import nl.toegang.testsupport.FlywayMigrations;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.UUID;

class AccountRepositoryH2Test extends AccountRepositoryContract {
    static DataSource dataSource;

    @BeforeAll
    static void migrate() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        FlywayMigrations.migrate(dataSource);
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
