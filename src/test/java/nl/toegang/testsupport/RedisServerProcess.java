package nl.toegang.testsupport;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} process on its own port, without persistence, that a test can stop and start again
 * on the same port, to play a Redis outage without touching the machine's shared Redis. When the binary is missing
 * the calling test is skipped, or fails with {@code CI=true}.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final int port;
    private final Path workDir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(int port, Path workDir, List<String> extraArgs) {
        this.port = port;
        this.workDir = workDir;
        this.extraArgs = extraArgs;
    }

    /** Starts redis-server on a free loopback port; its working directory is {@code workDir}. */
    public static RedisServerProcess start(Path workDir) throws IOException {
        return start(FreePort.find(), workDir, List.of());
    }

    /** Starts redis-server on {@code port} with further command-line settings (e.g. cluster mode). */
    public static RedisServerProcess start(int port, Path workDir, List<String> extraArgs) throws IOException {
        RedisServerProcess redis = new RedisServerProcess(port, Files.createDirectories(workDir),
                List.copyOf(extraArgs));
        redis.start();
        return redis;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** (Re)starts the server on the same port and waits until it answers PING. */
    public void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            unavailable("redis-server cannot be started (" + e.getMessage() + ")", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!answersPing()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("redis-server on port " + port + " did not start; see "
                        + workDir.resolve("redis.log"));
            }
            sleep(20);
        }
    }

    /** Skips the calling test, or fails it with {@code CI=true}: a missing Redis binary is never silently green there. */
    static void unavailable(String message, Throwable cause) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; CI=true, so this test must not be skipped", cause);
        }
        Assumptions.abort(message + "; skipping (set CI=true to make this fail)");
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until the port is closed. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
