package nl.toegang.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Redis Cluster of three masters (no replicas) on free loopback ports, in its own temporary directory: three
 * {@code redis-server --cluster-enabled yes} processes joined by {@code redis-cli --cluster create}. {@link #close()}
 * stops them and deletes the directory. Each node gets its own cluster-bus port ({@code --cluster-port}), so the
 * bus does not depend on {@code port + 10000} being free. Without the binaries the calling test is skipped, or fails
 * with {@code CI=true}.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final int MASTERS = 3;

    private final Path directory;
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    private RedisClusterProcess(Path directory) {
        this.directory = directory;
    }

    public static RedisClusterProcess start() throws IOException {
        RedisClusterProcess cluster = new RedisClusterProcess(Files.createTempDirectory("toegang-redis-cluster-"));
        try {
            cluster.startNodes();
            cluster.create();
            cluster.awaitState();
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startNodes() throws IOException {
        for (int i = 0; i < MASTERS; i++) {
            int port = FreePort.find();
            int busPort = FreePort.find();
            nodes.add(RedisServerProcess.start(port, directory.resolve("node-" + i), List.of(
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", String.valueOf(busPort), "--cluster-node-timeout", "5000")));
        }
    }

    private void create() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String output = run(command, Duration.ofSeconds(60));
        if (!output.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create did not cover all slots:\n" + output);
        }
    }

    /** Waits until every node reports {@code cluster_state:ok} (slots assigned and gossip settled). */
    private void awaitState() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (RedisServerProcess node : nodes) {
            while (!cli(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("cluster not ok on port " + node.port());
                }
                sleep();
            }
        }
    }

    /** Seed nodes in {@code toegang.redis.cluster.nodes} form. */
    public String nodes() {
        return String.join(",", nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList());
    }

    public List<Integer> ports() {
        return nodes.stream().map(RedisServerProcess::port).toList();
    }

    /** Runs one command on one node with {@code redis-cli} (no cluster redirects) and returns its raw output. */
    public String cli(int port, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(10));
    }

    private static String run(List<String> command, Duration timeout) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            RedisServerProcess.unavailable("redis-cli cannot be started (" + e.getMessage() + ")", e);
            throw e;
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::stop);
        nodes.clear();
        try {
            if (Files.exists(directory)) {
                Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
