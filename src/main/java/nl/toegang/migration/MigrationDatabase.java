package nl.toegang.migration;

import nl.toegang.config.ToegangProperties;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * The import command's Spring context: the server's own datasource settings (application.yaml, the prod profile,
 * {@code spring.datasource.*} and {@code toegang.data-dir} from the command line or environment) and its Flyway
 * migrations, and nothing else: no web server, no Redis, no schedulers. Deliberately not a
 * {@code @Configuration}, so the server's component scan never picks it up; it is only ever a
 * {@code SpringApplication} source of {@link KeycloakImportCommand}.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class})
@EnableConfigurationProperties(ToegangProperties.class)
class MigrationDatabase {
}
