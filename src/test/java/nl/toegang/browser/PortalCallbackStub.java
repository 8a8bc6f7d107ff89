package nl.toegang.browser;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A portal's redirect URI for browser tests: a page that only shows the code arrived. A test holds it open for its
 * whole run, so no other server can take the port the realm file names.
 */
final class PortalCallbackStub implements AutoCloseable {
    private static final byte[] PAGE = ("<!doctype html><html lang=en><title>Portal</title><main><h1>Portal callback"
            + "</h1></main>").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private PortalCallbackStub(HttpServer server) {
        this.server = server;
    }

    static PortalCallbackStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/cb", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, PAGE.length);
                exchange.getResponseBody().write(PAGE);
                exchange.close();
            });
            server.start();
            return new PortalCallbackStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The redirect URI to register: {@code http://localhost:{port}/cb}. */
    String redirectUri() {
        return "http://localhost:" + server.getAddress().getPort() + "/cb";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
