package nl.toegang.outage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log filter on the real logging system: what reaches an appender while a dependency is up or known down, from
 * client libraries, other libraries and Toegang's own loggers.
 */
class OutageLogFilterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Probes that never succeed: a breaker opened here stays open for the test.
    private final DependencyBreakers breakers = new DependencyBreakers(Map.of(Dependency.REDIS, () -> false,
            Dependency.DATABASE, () -> false), Clock.systemUTC(), new OutageProperties(null, null), registry);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private AutoCloseable filter;

    @BeforeEach
    void install() {
        filter = OutageLogFilter.install(breakers, registry);
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @AfterEach
    void remove() throws Exception {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        filter.close();
        breakers.close();
    }

    private List<ILoggingEvent> from(String logger) {
        return appender.list.stream().filter(e -> e.getLoggerName().equals(logger)).toList();
    }

    private double suppressed(Dependency dependency) {
        return registry.counter("toegang.dependency.suppressed.logs", "dependency", dependency.label()).count();
    }

    @Test
    void clientLibraryReconnectChatterIsCountedNotLogged() {
        Logger watchdog = context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog");
        watchdog.info("Reconnecting, last destination was {}", "/10.0.0.5:6379");
        watchdog.warn("Cannot reconnect to [{}]: {}", "10.0.0.5:6379", "Connection refused");
        context.getLogger("com.zaxxer.hikari.pool.PoolBase").warn(
                "{} - Failed to validate connection {} ({}). Possibly consider using a shorter maxLifetime value.",
                "HikariPool-1", "PgConnection@1", "This connection has been closed.");

        assertThat(from("io.lettuce.core.protocol.ConnectionWatchdog")).isEmpty();
        assertThat(from("com.zaxxer.hikari.pool.PoolBase")).isEmpty();
        assertThat(suppressed(Dependency.REDIS)).isEqualTo(2);
        assertThat(suppressed(Dependency.DATABASE)).isEqualTo(1);
    }

    @Test
    void aLibraryErrorWithAnOutageIsOneLineBeforeTheBreakerKnowsAndNothingAfter() {
        Logger thymeleaf = context.getLogger("org.thymeleaf.TemplateEngine");
        var failure = new IllegalStateException("template", new RedisConnectionException("Unable to connect"));

        thymeleaf.error("[THYMELEAF] Exception processing template \"login/login\": Redis exception", failure);
        assertThat(from("org.thymeleaf.TemplateEngine")).singleElement().satisfies(event -> {
            assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
            assertThat(event.getFormattedMessage()).isEqualTo("[THYMELEAF] Exception processing template "
                    + "\"login/login\": Redis exception [IllegalStateException < RedisConnectionException]");
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
        });

        breakers.redis().failed(failure);
        thymeleaf.error("[THYMELEAF] Exception processing template \"login/login\": Redis exception", failure);
        assertThat(from("org.thymeleaf.TemplateEngine")).as("the breaker has said it").hasSize(1);
        assertThat(suppressed(Dependency.REDIS)).isEqualTo(2);
    }

    @Test
    void toegangsOwnLinesAboutLostWorkStayWithoutTheirTrace() {
        breakers.database().failed(null);
        Logger registration = context.getLogger("nl.toegang.account.registration.Registration");
        registration.error("Realm {}: registration could not be completed", "portal",
                new CannotGetJdbcConnectionException("x", new SQLException("refused", "08001")));

        assertThat(from("nl.toegang.account.registration.Registration")).singleElement().satisfies(event -> {
            assertThat(event.getThrowableProxy()).isNull();
            assertThat(event.getFormattedMessage()).isEqualTo("Realm portal: registration could not be completed "
                    + "[CannotGetJdbcConnectionException < SQLException]");
        });
    }

    @Test
    void otherLinesPassUntouched() {
        Logger library = context.getLogger("org.example.Library");
        var bug = new IllegalArgumentException("a bug");
        library.warn("something else went wrong", bug);
        library.warn("Cannot reconnect to {}", "an SMTP server");
        context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog").error("an error is never chatter");

        assertThat(from("org.example.Library")).hasSize(2);
        assertThat(from("org.example.Library").get(0).getThrowableProxy()).as("a bug keeps its trace").isNotNull();
        assertThat(from("io.lettuce.core.protocol.ConnectionWatchdog")).hasSize(1);
        assertThat(suppressed(Dependency.REDIS) + suppressed(Dependency.DATABASE)).isZero();
    }
}
