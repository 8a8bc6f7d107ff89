package nl.toegang.testsupport;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.account.PasswordHasher;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The work one HTTP request does on its own thread, step by step and in order: every database connection it takes
 * from the pool, every JDBC statement (its SQL text),
 * every Redis command (its type; for a script, which script), and every Argon2id verification or hash (with the
 * parameters of the hash verified). Installed with {@link TestServer#with}; a request is recorded when it carries the
 * {@link #HEADER} header, under the name given there.
 *
 * <p>Parameters (account ids, keys, addresses) are left out on purpose: two requests "do the same work" when they send
 * the same statements and commands and run the same hash work, whatever values those carry. Work a request hands to
 * another thread (a background executor) is not part of it, and that is the point of handing it over.
 */
public final class RequestWork implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String HEADER = "X-Test-Request-Work";

    private final ThreadLocal<List<String>> current = new ThreadLocal<>();
    private final Map<String, List<String>> recordings = new ConcurrentHashMap<>();

    /** The steps of the request recorded under {@code name}. */
    public List<String> steps(String name) {
        return Optional.ofNullable(recordings.get(name))
                .orElseThrow(() -> new AssertionError("no request was recorded as " + name));
    }

    /** The header that makes a request recorded under {@code name}. */
    public static Map<String, String> header(String name) {
        return Map.of(HEADER, name);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new Instruments());
        ((GenericApplicationContext) context).registerBean("requestWorkFilter", FilterRegistrationBean.class,
                () -> {
                    var registration = new FilterRegistrationBean<>(recordingFilter());
                    // Outside every other filter, so session and security work is part of the request too.
                    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
                    return registration;
                });
    }

    private void step(String step) {
        List<String> steps = current.get();
        if (steps != null) {
            steps.add(step);
        }
    }

    private Filter recordingFilter() {
        return (request, response, chain) -> {
            String name = ((HttpServletRequest) request).getHeader(HEADER);
            if (name == null) {
                chain.doFilter(request, response);
                return;
            }
            List<String> steps = new ArrayList<>();
            current.set(steps);
            try {
                chain.doFilter(request, response);
            } finally {
                current.remove();
                recordings.put(name, List.copyOf(steps));
            }
        };
    }

    /** Wraps the data source and the password hasher, and listens to the Lettuce clients' commands. */
    private final class Instruments implements BeanPostProcessor {
        private final CommandListener redisCommands = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                step("redis " + describe(event.getCommand()));
            }
        };

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof DataSource dataSource) {
                return countingDataSource(dataSource);
            }
            if (bean instanceof PasswordHasher hasher) {
                return countingHasher(hasher);
            }
            if (bean instanceof AbstractRedisClient client) {
                client.addListener(redisCommands);
            }
            if (bean instanceof LettuceConnectionFactory factory && factory.getNativeClient() != null) {
                factory.getNativeClient().addListener(redisCommands);
            }
            return bean;
        }

        private Object countingDataSource(DataSource dataSource) {
            ProxyFactory proxy = new ProxyFactory(dataSource);
            proxy.addAdvice((MethodInterceptor) invocation -> {
                Object result = invocation.proceed();
                if (result instanceof Connection connection) {
                    step("connection");
                    return countingConnection(connection);
                }
                return result;
            });
            return proxy.getProxy(getClass().getClassLoader());
        }

        private Connection countingConnection(Connection connection) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                    (self, method, args) -> {
                        String name = method.getName();
                        if ((name.equals("prepareStatement") || name.equals("prepareCall")) && args != null
                                && args[0] instanceof String sql) {
                            step("sql " + sql.replaceAll("\\s+", " ").trim());
                        }
                        Object result = invoke(connection, method, args);
                        return result instanceof Statement statement && name.equals("createStatement")
                                ? countingStatement(statement) : result;
                    });
        }

        private Statement countingStatement(Statement statement) {
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Statement.class},
                    (self, method, args) -> {
                        if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                            step("sql " + sql.replaceAll("\\s+", " ").trim());
                        }
                        return invoke(statement, method, args);
                    });
        }

        private Object countingHasher(PasswordHasher hasher) {
            // The parameters every hash made now carries: what verifying against the startup hash costs.
            String current = parameters(hasher.hash("request-work-probe"));
            ProxyFactory proxy = new ProxyFactory(hasher);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice((MethodInterceptor) invocation -> {
                Object[] args = invocation.getArguments();
                switch (invocation.getMethod().getName()) {
                    case "matches" -> step("argon2 verify " + parameters((String) args[1]));
                    case "matchesNothing" -> step("argon2 verify " + current);
                    case "hash" -> step("argon2 hash");
                    default -> {
                    }
                }
                return invocation.proceed();
            });
            return proxy.getProxy(getClass().getClassLoader());
        }
    }

    /** {@code m=..,t=..,p=..} of a PHC string, or "other" for anything else. */
    private static String parameters(String hash) {
        String[] parts = hash.split("\\$");
        return parts.length == 6 ? parts[1] + " " + parts[3] : "other";
    }

    /** The command type; for EVALSHA the script's digest, so two different scripts are two different steps. */
    private static String describe(RedisCommand<?, ?, ?> command) {
        String type = command.getType().toString();
        if (command.getType() == CommandType.EVALSHA && command.getArgs() != null) {
            String args = command.getArgs().toCommandString();
            int end = args.indexOf(' ');
            return type + " " + (end < 0 ? args : args.substring(0, end));
        }
        return type;
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
