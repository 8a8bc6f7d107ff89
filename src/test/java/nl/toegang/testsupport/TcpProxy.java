package nl.toegang.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on loopback that a test controls, put between the server and a real dependency (PostgreSQL) to play an
 * outage: {@link #refuse()} cuts every open connection and closes new ones at once, like a database that went away;
 * {@link #open()} forwards again. {@link #cutConnectionSending(String)} cuts the one connection whose client sends
 * the given text (for PostgreSQL with {@code sslmode=disable&prepareThreshold=0}: an SQL statement), before it
 * reaches the server, so a test can break an operation at an exact step.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicReference<byte[]> cutMarker = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean refusing;

    private TcpProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TcpProxy proxy = new TcpProxy(listener, targetHost, targetPort);
            Thread acceptor = new Thread(proxy::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Cuts every open connection and, until {@link #open()}, closes new ones as soon as they arrive. */
    public void refuse() {
        refusing = true;
        links.forEach(Link::close);
    }

    public void open() {
        refusing = false;
    }

    /**
     * Arms a one-shot cut: the next connection whose client sends {@code text} is closed before it is forwarded.
     * Starts {@link #cuts()} from zero, so a test sees only its own cut whatever ran before it.
     */
    public void cutConnectionSending(String text) {
        cuts.set(0);
        cutMarker.set(text.getBytes(StandardCharsets.UTF_8));
    }

    /** How many connections were cut since the last {@link #cutConnectionSending(String)}. */
    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException targetDown) {
                closeQuietly(client);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        links.forEach(Link::close);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    /** One proxied connection: a pump in each direction; closing either side closes both. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, true, "up");
            pump(upstream, client, false, "down");
        }

        private void pump(Socket from, Socket to, boolean watch, String direction) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16384];
                byte[] tail = new byte[0];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        if (watch) {
                            byte[] marker = cutMarker.get();
                            if (marker != null) {
                                byte[] window = concat(tail, buffer, n);
                                if (indexOf(window, marker) >= 0 && cutMarker.compareAndSet(marker, null)) {
                                    cuts.incrementAndGet();
                                    close();
                                    return;
                                }
                                // keep the end of this chunk, in case the text is split over two reads
                                tail = Arrays.copyOfRange(window, Math.max(0, window.length - marker.length),
                                        window.length);
                            }
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException closed) {
                    // one side went away
                } finally {
                    close();
                }
            }, "tcp-proxy-" + direction + "-" + from.getPort());
            thread.setDaemon(true);
            thread.start();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static byte[] concat(byte[] a, byte[] b, int bLength) {
        byte[] result = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, result, a.length, bLength);
        return result;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
