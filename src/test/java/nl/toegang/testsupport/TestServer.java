package nl.toegang.testsupport;

import nl.toegang.ToegangApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import org.springframework.context.support.GenericApplicationContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Toegang server on a free port, started in this JVM with explicit properties, so tests can stop and restart
 * it on the same data directory (key persistence) or start several (multi-node).
 */
public final class TestServer implements AutoCloseable {
    private final Map<String, String> properties;
    private Clock clock;
    private final List<ApplicationContextInitializer<ConfigurableApplicationContext>> initializers = new ArrayList<>();
    private ConfigurableApplicationContext context;

    private TestServer(Map<String, String> properties) {
        this.properties = properties;
    }

    /** An embedded-default server (H2 file database in {@code dataDir}) reading realms from {@code realmsDir}. */
    public static TestServer embedded(Path dataDir, Path realmsDir, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("toegang.data-dir", dataDir.toString());
        p.put("toegang.realms-dir", realmsDir.toString());
        p.put("toegang.key-cache-ttl", "0s");
        // Cheap Argon2 in tests that are not about hashing cost; the production default is m=19 MiB, t=2.
        p.put("toegang.password-hash.memory-kib", "8192");
        p.put("toegang.password-hash.iterations", "1");
        p.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("toegang") + ";DB_CLOSE_ON_EXIT=FALSE");
        p.putAll(extra);
        return new TestServer(p);
    }

    /**
     * Makes {@code clock} the server's {@link Clock} (registered as the primary Clock bean), so tests can move time
     * for lockouts and expiries instead of sleeping. Tokens and HTTP sessions still use the real time.
     */
    public TestServer withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Runs {@code initializer} on the server's context before it refreshes (e.g. {@link RequestWork}). */
    public TestServer with(ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
        initializers.add(initializer);
        return this;
    }

    public TestServer start() {
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplication app = new SpringApplication(ToegangApplication.class);
        if (clock != null) {
            Clock fixed = clock;
            app.addInitializers(ctx -> ((GenericApplicationContext) ctx).registerBean("testClock", Clock.class,
                    () -> fixed, definition -> definition.setPrimary(true)));
        }
        initializers.forEach(app::addInitializers);
        context = app.run(args.toArray(String[]::new));
        return this;
    }

    public void stop() {
        if (context != null && context.isActive()) {
            dumpAuditTrail();
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public TestServer restart() {
        stop();
        return start();
    }

    /** Hands the audit trail to the whole-run secret scan ({@link TestRunSecrets}). */
    private void dumpAuditTrail() {
        if (TestRunSecrets.directory().isEmpty()) {
            return;
        }
        try {
            StringBuilder rows = new StringBuilder();
            context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                    .sql("SELECT * FROM audit_event").query((java.sql.ResultSet rs) -> {
                        int columns = rs.getMetaData().getColumnCount();
                        for (int i = 1; i <= columns; i++) {
                            rows.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i))
                                    .append(i < columns ? " " : "\n");
                        }
                    });
            TestRunSecrets.auditTrail(rows.toString());
        } catch (org.springframework.dao.DataAccessException | org.springframework.beans.BeansException e) {
            // A server that never got its database (a startup-failure test) has no trail to scan.
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** The management port (health, metrics) when the server runs one apart ({@code management.server.port=0}). */
    public int managementPort() {
        String port = context.getEnvironment().getProperty("local.management.port");
        if (port == null) {
            throw new IllegalStateException("no separate management port: set management.server.port");
        }
        return Integer.parseInt(port);
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort();
    }

    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /**
     * Records every application event of {@code type} published from now on (also plain objects, which Spring wraps
     * in a PayloadApplicationEvent), in order; the list is safe to read while the server runs.
     */
    public <E> List<E> recordEvents(Class<E> type) {
        List<E> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        context.addApplicationListener(event -> {
            Object payload = event instanceof org.springframework.context.PayloadApplicationEvent<?> p
                    ? p.getPayload() : event;
            if (type.isInstance(payload)) {
                recorded.add(type.cast(payload));
            }
        });
        return recorded;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    /** Publishes an application event inside the server, as its own components would. */
    public void publishEvent(Object event) {
        context.publishEvent(event);
    }

    @Override
    public void close() {
        stop();
    }
}
