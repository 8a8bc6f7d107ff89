package nl.toegang.oidc.logout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Relying parties' back-channel logout endpoints on loopback (JDK HttpServer): {@code /ok} answers 200,
 * {@code /flaky} fails its first two requests with 500, {@code /hang} does not answer for a long time. Every request
 * body's {@code logout_token} is recorded per path.
 */
public final class LogoutReceiver implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();

    public LogoutReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> answer(exchange, 200));
        server.createContext("/flaky", exchange -> answer(exchange, flakyCalls.incrementAndGet() <= 2 ? 500 : 200));
        server.createContext("/hang", exchange -> {
            record(exchange);
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<String> tokens(String path) {
        return new ArrayList<>(received.getOrDefault(path, List.of()));
    }

    /** Waits until a token on {@code path} matches, and returns it. */
    public String await(String path, Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String token : tokens(path)) {
                if (matching.test(token)) {
                    return token;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching logout token at " + path + " within " + timeout + "; got "
                + tokens(path).size());
    }

    private void answer(HttpExchange exchange, int status) throws IOException {
        record(exchange);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                || !contentType.startsWith("application/x-www-form-urlencoded")) {
            received.computeIfAbsent(exchange.getHttpContext().getPath(), p -> new CopyOnWriteArrayList<>())
                    .add("not a form POST");
            return;
        }
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[0].equals("logout_token")) {
                received.computeIfAbsent(exchange.getHttpContext().getPath(), p -> new CopyOnWriteArrayList<>())
                        .add(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** True when {@code token} is a JWT whose {@code sid} claim is {@code sid}. */
    public static boolean hasSid(String token, String sid) {
        try {
            return sid.equals(com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getClaim("sid"));
        } catch (java.text.ParseException e) {
            return false;
        }
    }
}
