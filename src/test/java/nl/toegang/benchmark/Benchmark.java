package nl.toegang.benchmark;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.lettuce.core.RedisClient;
import nl.toegang.account.PasswordHashProperties;
import nl.toegang.account.PasswordHasher;
import nl.toegang.benchmark.scale.AccountGenerator;
import nl.toegang.benchmark.scale.SessionFormat;
import nl.toegang.benchmark.scale.SessionGenerator;
import nl.toegang.benchmark.scale.SpringSessionIndexedFormat;
import nl.toegang.testsupport.RedisTestKeys;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Toegang's performance benchmark. Run with {@code bash src/test/bench/benchmark.sh} (see docs/benchmarks.md).
 *
 * <p>It starts Toegang as a separate process (extracted jar, the Dockerfile's JVM flags and class-data sharing) on
 * the real PostgreSQL (its own schema) and Redis (its own key prefix) of this machine, drives it from this process
 * over HTTP, measures this machine's limits in the same run (RS256 signatures per second per core, Argon2id hashes
 * per second on all cores), prints every figure next to its target, writes the table into docs/benchmarks.md, and
 * removes its schema and keys. Every phase is bounded in time.
 */
public final class Benchmark {
    private static final String SECRET = "bench-secret-0123456789-abcdefghijklmnop";
    private static final String PASSWORD = "lantern orbit cactus velvet";
    private static final String REDIRECT = "http://localhost:9/callback";
    private static final int USERS = 64;
    private static final int SCALE_ACCOUNTS = 1_000_000;
    private static final int SCALE_SESSIONS = 100_000;
    private static final Path JVM_OPTIONS = Path.of("docker/jvm.options");
    /** Length of a /proc CPU clock tick (USER_HZ is 100 on Linux). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path work;
    private final String schema;
    private final String prefix;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final List<String> rows = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();
    private final ImageShape image;
    private Process server;
    /** The process whose CPU and memory are read: Toegang's server, or Keycloak's Java in the side-by-side run. */
    private ProcessHandle measuredProcess;
    private int port;

    private Benchmark(Path work) throws IOException {
        this.work = work;
        this.image = ImageShape.fromDockerfile(Path.of("docker/Dockerfile"));
        String id = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 12);
        this.schema = "toegang_bench_" + id;
        this.prefix = "toegang:bench-" + id + ":";
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("toegang-bench");
        Benchmark benchmark = new Benchmark(work);
        boolean finished = false;
        try {
            Path app = args.length > 0 ? Path.of(args[0]) : Path.of("target/bench-app");
            if (List.of(args).contains("--scale")) {
                benchmark.runScale(app);
            } else if (List.of(args).contains("--keycloak")) {
                benchmark.runSideBySide(app);
            } else {
                benchmark.run(app);
            }
            finished = true;
        } finally {
            benchmark.cleanUp();
            // The work directory holds the class-data-sharing archive (about 90 MB) and the server log: kept only
            // when the run failed, for that log.
            if (finished) {
                deleteRecursively(work);
            } else {
                System.err.println("kept " + work + " (server log, data) for the failed run");
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void run(Path app) throws Exception {
        double signPerCore = rs256PerSecondOneThread();
        double signLimit = signPerCore * cores;
        double argonLimit = argon2PerSecondAllCores();
        row("RS256 signatures/s, one thread (limit basis)", "%.0f (× %d cores = %.0f)".formatted(signPerCore, cores,
                signLimit), "");
        row("Argon2id m=19 MiB t=2 p=1 hashes/s, all cores", "%.1f".formatted(argonLimit), "");

        createSchema();
        Path realms = writeRealm();
        // First start: migrations, key generation and the image's start-up archive training run.
        startServer(app, realms, image.training(archive()), false);
        server.waitFor();
        seedUsers();
        // JDK 17 crashes when JFR runs on a dynamic CDS archive, so a profiling run starts without the archive.
        boolean flightRecording = System.getProperty("bench.server-jvm", "").contains("FlightRecording");
        long startupMillis = startServer(app, realms, flightRecording && !image.aotCache() ? List.of()
                : image.run(archive()), true);
        String issuer = "http://localhost:" + port + "/realms/bench";

        List<String> only = onlyPhases();
        if (!only.isEmpty()) { // a quick look at some phases while working on them: printed, not written down
            System.out.println("startup to ready " + startupMillis + " ms (" + image.describe() + ")");
            for (String phase : only) {
                printPhase(phase(phase, issuer));
            }
            System.out.println("resident memory " + residentMegabytes() + " MB (" + residentParts() + "; only "
                    + only + " measured; docs/benchmarks.md is not rewritten)");
            printNativeMemoryWhenTracked();
            return;
        }
        LoadStats first20 = phase("cc-first-20s", issuer);
        LoadStats steady = phase("cc-steady", issuer);
        LoadStats discovery = phase("discovery+jwks", issuer);
        LoadStats userinfo = phase("userinfo", issuer);
        LoadStats refresh = phase("refresh", issuer);
        // Logins are compared with an Argon2id limit measured after a warm-up, so they get one too: the login path
        // runs through far more code than a token request, and the JIT is still compiling it for a minute or more.
        LoadStats loginsFirst = phase("browser-login-first-30s", issuer);
        LoadStats logins = phase("browser-login", issuer);
        long rssMb = residentMegabytes();
        printNativeMemoryWhenTracked();

        row("Startup to ready (warm restart, " + image.describe() + ")", startupMillis + " ms", target(startupMillis <= 6500,
                "≤ 6.5 s (50% of Keycloak 26.5's 13.4 s)"));
        for (LoadStats s : List.of(steady, first20, discovery, userinfo, refresh, loginsFirst, logins)) {
            printPhase(s);
        }
        verdict(steady.throughput() >= 0.7 * signLimit, "client-credentials %.0f/s ≥ 70%% of signing limit %.0f/s"
                .formatted(steady.throughput(), signLimit));
        verdict(steady.percentileMillis(99) <= 50, "client-credentials p99 %.1f ms ≤ 50 ms at 16 connections"
                .formatted(steady.percentileMillis(99)));
        verdict(logins.throughput() >= 0.8 * argonLimit, "browser logins %.1f/s ≥ 80%% of Argon2id limit %.1f/s"
                .formatted(logins.throughput(), argonLimit));
        verdict(startupMillis <= 6500, "startup %d ms ≤ 6500 ms".formatted(startupMillis));
        verdict(rssMb <= 300, "resident memory after the run %d MB ≤ 300 MB".formatted(rssMb));
        verdict(first20.throughput() >= 0.5 * steady.throughput(),
                "first 20 s token rate %.0f/s ≥ 50%% of steady %.0f/s".formatted(first20.throughput(),
                        steady.throughput()));
        row("Resident memory after the run", rssMb + " MB (" + residentParts() + ")", "");
        report();
    }

    /**
     * The scale run: browser-login latency with 64 accounts, then again (new server process) with 1,000,000
     * accounts in PostgreSQL and 100,000 live sessions in Redis. Target: p99 within 20% of the small-data figure.
     */
    private void runScale(Path app) throws Exception {
        createSchema();
        Path realms = writeRealm();
        startServer(app, realms, List.of("-Dspring.context.exit=onRefresh"), false); // migrations only
        server.waitFor();
        seedUsers();
        startServer(app, realms, List.of(), true);
        String issuer = "http://localhost:" + port + "/realms/bench";
        LoadRunner.run("warm-up", cores * 4, Duration.ofSeconds(15), login(issuer));
        LoadStats small = measured("login, " + USERS + " accounts", cores * 4, Duration.ofSeconds(30),
                login(issuer));
        stopServer();

        String hash = defaultHasher().hash(PASSWORD);
        long t0 = System.nanoTime();
        long accounts;
        try (Connection c = database()) {
            accounts = new AccountGenerator(schema, "bench", hash).generate(c, "scale", USERS, SCALE_ACCOUNTS);
        }
        System.out.printf(Locale.ROOT, "%d accounts written in %.0f s%n", accounts, (System.nanoTime() - t0) / 1e9);
        List<String> accountIds = new ArrayList<>();
        try (Connection c = database(); var rs = c.createStatement().executeQuery(
                "SELECT id FROM " + schema + ".account LIMIT 50000")) {
            while (rs.next()) {
                accountIds.add(rs.getString(1));
            }
        }
        t0 = System.nanoTime();
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
        try {
            new SessionGenerator(sessionFormat()).generate(redis, "bench", accountIds, SCALE_SESSIONS);
        } finally {
            redis.shutdown();
        }
        System.out.printf(Locale.ROOT, "%d sessions written in %.0f s%n", SCALE_SESSIONS,
                (System.nanoTime() - t0) / 1e9);

        startServer(app, realms, List.of(), true);
        issuer = "http://localhost:" + port + "/realms/bench"; // the new process listens on a new port
        LoadRunner.run("warm-up", cores * 4, Duration.ofSeconds(15), login(issuer));
        LoadStats large = measured("login, " + accounts + " accounts + " + SCALE_SESSIONS + " sessions",
                cores * 4, Duration.ofSeconds(30), login(issuer));
        for (LoadStats s : List.of(small, large)) {
            printPhase(s);
        }
        verdict(large.percentileMillis(99) <= 1.2 * small.percentileMillis(99),
                "scale: login p99 %.1f ms ≤ 120%% of small-data p99 %.1f ms".formatted(large.percentileMillis(99),
                        small.percentileMillis(99)));
        System.out.println("(scale run results are printed only; docs/benchmarks.md is not rewritten)");
    }

    /** The load of one system in the side-by-side run, each measured after its own warm-up. */
    private record SideLoad(LoadStats tokens, LoadStats logins, long residentMb, String residentParts) {
    }

    /**
     * Toegang and Keycloak on this machine in one run, with the same load generators, fixtures and warm-ups: warm
     * restarts to ready (median of three), client-credentials tokens, code + PKCE browser logins, CPU per operation
     * and resident memory after the load. Prints one table with the ratios and writes it into docs/benchmarks.md.
     */
    private void runSideBySide(Path app) throws Exception {
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 120));
        double signMillis = 1000.0 / rs256PerSecondOneThread();
        double toegangHashMillis = hashCpuMillis(defaultHasher());
        // Keycloak 26's default: Argon2id, 7 MiB, 5 iterations, 1 lane (the same Bouncy Castle code computes it).
        double keycloakHashMillis = hashCpuMillis(new PasswordHasher(new PasswordHashProperties(7168, 5, 1, 1024),
                new SecureRandom()));

        createSchema();
        Path realms = writeRealm();
        startServer(app, realms, image.training(archive()), false);
        server.waitFor();
        seedUsers();
        long toegangStart = medianOf3(() -> {
            long millis = startServer(app, realms, image.run(archive()), true);
            stopServer();
            return millis;
        });
        long plainStart = medianOf3(() -> {
            long millis = startServer(List.of("java"), app, realms, true);
            stopServer();
            return millis;
        });
        startServer(app, realms, image.run(archive()), true);
        String issuer = "http://localhost:" + port + "/realms/bench";
        SideLoad toegang = sideLoad(cc(issuer), login(issuer), warmUp);
        stopServer();
        double hashBetween = hashCpuMillis(defaultHasher()); // the steadiness check below

        long keycloakStart;
        SideLoad keycloak;
        String keycloakJava;
        try (KeycloakServer kc = KeycloakServer.unpack(work)) {
            keycloakJava = kc.javaVersion();
            kc.start(freePort(), "master"); // the first start builds and creates the admin
            kc.createFixtures("bench", SECRET, REDIRECT, PASSWORD, USERS);
            kc.stop();
            keycloakStart = medianOf3(() -> {
                long millis = kc.start(freePort(), "bench");
                kc.stop();
                return millis;
            });
            kc.start(freePort(), "bench");
            measuredProcess = kc.java();
            String kcIssuer = kc.base() + "/realms/bench";
            keycloak = sideLoad(keycloakCc(kcIssuer), keycloakLogin(kcIssuer), warmUp);
        }
        double hashAfter = hashCpuMillis(defaultHasher());

        var report = new SideBySideReport();
        report.ratio("Warm restart to ready (image shape)", "ms", keycloakStart, toegangStart, "≤ 0.33×",
                toegangStart <= 0.33 * keycloakStart);
        report.toegangOnly("Plain `java -jar` start (Java " + Runtime.version().feature() + ", no flags)",
                plainStart + " ms (%.2f× the image shape)".formatted((double) plainStart / toegangStart),
                "≤ 1.3× the image shape", plainStart <= 1.3 * toegangStart);
        report.ratio("Client-credentials tokens/s (16 conn.)", "/s", keycloak.tokens().throughput(),
                toegang.tokens().throughput(), "", true);
        report.ratio("Server CPU per token", "ms", keycloak.tokens().serverCpuMillisPerOperation(),
                toegang.tokens().serverCpuMillisPerOperation(), "Toegang ≤ 1.1× one RS256 signature (%.2f ms)"
                        .formatted(signMillis), toegang.tokens().serverCpuMillisPerOperation() <= 1.1 * signMillis);
        report.ratio("Token p99", "ms", keycloak.tokens().percentileMillis(99), toegang.tokens().percentileMillis(99),
                "", true);
        report.ratio("Browser logins/s (" + cores * 4 + " conn.)", "/s", keycloak.logins().throughput(),
                toegang.logins().throughput(), "", true);
        report.ratio("Server CPU per login", "ms", keycloak.logins().serverCpuMillisPerOperation(),
                toegang.logins().serverCpuMillisPerOperation(), "", true);
        report.ratio("of which the password hash (measured here, one thread)", "ms", keycloakHashMillis,
                toegangHashMillis, "", true);
        double keycloakBesides = keycloak.logins().serverCpuMillisPerOperation() - keycloakHashMillis;
        double toegangBesides = toegang.logins().serverCpuMillisPerOperation() - toegangHashMillis;
        report.ratio("Server CPU per login besides the hash", "ms", keycloakBesides, toegangBesides, "Toegang ≤ 10 ms",
                toegangBesides <= 10);
        report.ratio("Login p99", "ms", keycloak.logins().percentileMillis(99), toegang.logins().percentileMillis(99),
                "", true);
        report.ratio("Resident memory after the load", "MB", keycloak.residentMb(), toegang.residentMb(), "≤ 0.5×",
                toegang.residentMb() <= 0.5 * keycloak.residentMb());
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        report.note("Machine: %d cores, %s; load average before the run %s".formatted(cores, cpu,
                Files.readString(Path.of("/proc/loadavg")).trim()));
        report.note("Keycloak %s `start-dev` (its embedded H2 and caches) on %s; Toegang on PostgreSQL and Redis of "
                .formatted(KeycloakServer.VERSION, keycloakJava) + "this machine, %s, docker/jvm.options"
                .formatted(image.describe()));
        report.note("Each system warmed up for %d s of logins and 20 s of tokens before its measured 20 s; ready = the "
                .formatted(warmUp.toSeconds()) + "realm's discovery document answers 200");
        report.note("Resident memory after the load: Keycloak " + keycloak.residentParts() + "; Toegang "
                + toegang.residentParts());
        report.note(steadiness(toegangHashMillis, hashBetween, hashAfter));
        report.note(("Errors during the measured phases: Keycloak %d tokens, %d logins; Toegang %d tokens, %d logins")
                .formatted(keycloak.tokens().errors(), keycloak.logins().errors(), toegang.tokens().errors(),
                        toegang.logins().errors()));
        report.write(Path.of("docs/benchmarks.md"), "Side by side with Keycloak (" + LocalDate.now() + ")");
    }

    /**
     * The same piece of work (one Argon2id hash in this process) timed before, between and after the two systems'
     * loads. On a shared virtual machine the CPU time of fixed work drifts with the neighbours' load; when it drifts
     * by more than a tenth, the two systems were measured on machines of different speed and their ratios say little.
     */
    static String steadiness(double before, double between, double after) {
        double low = Math.min(before, Math.min(between, after));
        double high = Math.max(before, Math.max(between, after));
        double spread = (high - low) / low;
        return "Steadiness check, one Argon2id hash in the benchmark process: %.1f ms before the loads, %.1f ms between "
                .formatted(before, between) + "them, %.1f ms after (spread %.0f%%: %s)".formatted(after,
                spread * 100, spread <= 0.10 ? "steady" : "NOT STEADY, the machine's speed changed during the run; "
                        + "repeat it before comparing");
    }

    @FunctionalInterface
    private interface Timed {
        long millis() throws Exception;
    }

    private static long medianOf3(Timed start) throws Exception {
        List<Long> samples = new ArrayList<>(List.of(start.millis(), start.millis(), start.millis()));
        samples.sort(null);
        System.out.println("  starts: " + samples + " ms");
        return samples.get(1);
    }

    private SideLoad sideLoad(LoadRunner.Operation tokens, LoadRunner.Operation logins, Duration warmUp)
            throws Exception {
        LoadRunner.run("tokens warm-up", 16, Duration.ofSeconds(20), tokens);
        LoadStats tokenStats = measured("tokens", 16, Duration.ofSeconds(20), tokens);
        LoadRunner.run("logins warm-up", cores * 4, warmUp, logins);
        LoadStats loginStats = measured("logins", cores * 4, Duration.ofSeconds(20), logins);
        printPhase(tokenStats);
        printPhase(loginStats);
        return new SideLoad(tokenStats, loginStats, residentMegabytes(), residentParts());
    }

    /** CPU time of one password verification on one thread, after a warm-up. */
    private static double hashCpuMillis(PasswordHasher hasher) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        String hash = hasher.hash(PASSWORD);
        for (long end = System.nanoTime() + Duration.ofSeconds(3).toNanos(); System.nanoTime() < end; ) {
            hasher.matches(PASSWORD, hash);
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        int n = 0;
        for (long end = System.nanoTime() + Duration.ofSeconds(5).toNanos(); System.nanoTime() < end; n++) {
            hasher.matches(PASSWORD, hash);
        }
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
    }

    private LoadRunner.Operation keycloakCc(String issuer) {
        List<LeanHttpConnection> connections = connections(issuer, 16);
        byte[] request = LeanHttpConnection.postForm(URI.create(issuer + "/protocol/openid-connect/token"),
                "grant_type=client_credentials", "Authorization: " + BenchClient.basic("bench-api", SECRET));
        return worker -> connections.get(worker).send(request).status() == 200;
    }

    private LoadRunner.Operation keycloakLogin(String issuer) {
        int connections = cores * 4;
        List<BenchClient> clients = clients(connections);
        String auth = BenchClient.basic("bench-portal", SECRET);
        int[] rounds = new int[connections];
        int perConnection = Math.max(1, USERS / connections);
        return worker -> {
            int user = worker + connections * (rounds[worker]++ % perConnection);
            clients.get(worker).keycloakLogin(issuer, "bench-portal", auth, REDIRECT,
                    "bench-" + (user % USERS) + "@example.org", PASSWORD);
            return true;
        };
    }

    /**
     * Where the seeded sessions go: Spring Session's indexed Redis layout under this run's prefix, and the server is
     * told the same namespace. Adjust here (and in {@link SpringSessionIndexedFormat}) if the session store differs.
     */
    private SessionFormat sessionFormat() {
        return new SpringSessionIndexedFormat(sessionNamespace(), Duration.ofMinutes(30));
    }

    private String sessionNamespace() {
        return prefix + "session";
    }

    private void stopServer() throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    // ---- load phases -------------------------------------------------------------------------------------------

    /** {@code -Dbench.phases=cc-steady,userinfo}: run only these phases (after startup), print, write nothing. */
    private static List<String> onlyPhases() {
        String value = System.getProperty("bench.phases", "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
    }

    /** Runs one named phase, with the CPU time the server and this process spent on it. */
    private LoadStats phase(String name, String issuer) throws Exception {
        return switch (name) {
            case "cc-first-20s", "cc-steady" -> measured(name, 16, Duration.ofSeconds(20), cc(issuer));
            case "discovery+jwks" -> measured(name, 16, Duration.ofSeconds(10), discovery(issuer));
            case "userinfo" -> {
                String accessToken = BenchClient.field(new BenchClient().login(issuer, "bench-portal",
                        BenchClient.basic("bench-portal", SECRET), REDIRECT, "bench-0@example.org", PASSWORD),
                        "access_token");
                yield measured(name, 16, Duration.ofSeconds(10), userinfo(issuer, accessToken));
            }
            case "refresh" -> measured(name, 8, Duration.ofSeconds(10), refresh(issuer));
            case "browser-login" -> measured(name, cores * 4, Duration.ofSeconds(20), login(issuer));
            case "browser-login-first-30s" -> measured(name, cores * 4, Duration.ofSeconds(30), login(issuer));
            default -> throw new IllegalArgumentException("no benchmark phase " + name + "; phases: cc-first-20s, "
                    + "cc-steady, discovery+jwks, userinfo, refresh, browser-login-first-30s, browser-login");
        };
    }

    private LoadStats measured(String name, int connections, Duration duration, LoadRunner.Operation operation)
            throws Exception {
        long server0 = serverCpuNanos();
        long load0 = loadCpuNanos();
        boolean perThread = Boolean.getBoolean("bench.threads");
        Map<String, Long> threads0 = perThread ? serverThreadCpuTicks() : Map.of();
        LoadStats stats = LoadRunner.run(name, connections, duration, operation);
        LoadStats measured = stats.withCpu(serverCpuNanos() - server0, loadCpuNanos() - load0);
        if (stats.errors() > 0) {
            printServerLogTail();
        }
        if (perThread) { // which server threads spent the CPU (JIT, GC, request threads)
            Map<String, Long> delta = new TreeMap<>();
            serverThreadCpuTicks().forEach((group, ticks) -> delta.put(group, ticks - threads0.getOrDefault(group, 0L)));
            delta.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %-24s %6.2f ms per op%n", e.getKey(),
                            e.getValue() * NANOS_PER_TICK / 1e6 / Math.max(1, stats.latenciesNanos().size())));
        }
        return measured;
    }

    /** The end of the server's log, where the reason for failed operations usually is. */
    private void printServerLogTail() throws Exception {
        List<String> lines = Files.readAllLines(work.resolve("server.log"));
        System.err.println("---- last lines of the server log (" + work.resolve("server.log") + ")");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
    }

    /** CPU clock ticks per server thread group (thread name without its number), from /proc. */
    private Map<String, Long> serverThreadCpuTicks() throws Exception {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + measuredProcess.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String group = Files.readString(task.resolve("comm")).trim().replaceAll("[-#]?\\d+$", "");
                    ticks.merge(group, cpuTicks(task.resolve("stat")), Long::sum);
                } catch (IOException threadEnded) {
                    // the thread ended while we looked
                }
            }
        }
        return ticks;
    }

    /** One result row; rates under 100/s (logins) keep a decimal. */
    private void printPhase(LoadStats s) {
        row(s.name() + " (" + s.connections() + " conn.)", (s.throughput() < 100 ? "%.1f" : "%.0f").formatted(
                s.throughput()) + "/s, p50 %.1f ms, p99 %.1f ms%s; CPU per op: server %.2f ms, load generator %.2f ms"
                .formatted(s.percentileMillis(50), s.percentileMillis(99),
                        s.errors() > 0 ? ", " + s.errors() + " errors" : "", s.serverCpuMillisPerOperation(),
                        s.loadCpuMillisPerOperation()), "");
    }

    /** User + system CPU time of the server process so far (clock ticks of 10 ms). */
    private long serverCpuNanos() throws Exception {
        return cpuTicks(Path.of("/proc/" + measuredProcess.pid() + "/stat")) * NANOS_PER_TICK;
    }

    /** User + system clock ticks from a process's or thread's {@code /proc/.../stat}. */
    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // after the command name: state is field 3, utime field 14, stime field 15 (1-based, man proc)
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long loadCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private LoadRunner.Operation cc(String issuer) {
        List<LeanHttpConnection> connections = connections(issuer, 16);
        URI token = URI.create(issuer + "/oauth2/token");
        byte[] request = LeanHttpConnection.postForm(token, "grant_type=client_credentials&scope=api",
                "Authorization: " + BenchClient.basic("bench-api", SECRET));
        return worker -> connections.get(worker).send(request).status() == 200;
    }

    private LoadRunner.Operation discovery(String issuer) {
        List<LeanHttpConnection> connections = connections(issuer, 16);
        byte[] configuration = LeanHttpConnection.get(URI.create(issuer + "/.well-known/openid-configuration"));
        byte[] jwks = LeanHttpConnection.get(URI.create(issuer + "/oauth2/jwks"));
        AtomicInteger n = new AtomicInteger();
        return worker -> connections.get(worker).send(n.incrementAndGet() % 2 == 0 ? configuration : jwks)
                .status() == 200;
    }

    private LoadRunner.Operation userinfo(String issuer, String token) {
        List<LeanHttpConnection> connections = connections(issuer, 16);
        byte[] request = LeanHttpConnection.get(URI.create(issuer + "/userinfo"), "Authorization: Bearer " + token);
        return worker -> connections.get(worker).send(request).status() == 200;
    }

    private LoadRunner.Operation refresh(String issuer) throws Exception {
        List<LeanHttpConnection> connections = connections(issuer, 8);
        String basic = BenchClient.basic("bench-portal", SECRET);
        URI token = URI.create(issuer + "/oauth2/token");
        String[] tokens = new String[8];
        for (int i = 0; i < 8; i++) {
            tokens[i] = BenchClient.field(new BenchClient().login(issuer, "bench-portal", basic, REDIRECT,
                    "bench-" + (i + 1) + "@example.org", PASSWORD), "refresh_token");
        }
        return worker -> {
            LeanHttpConnection connection = connections.get(worker);
            var response = connection.send(LeanHttpConnection.postForm(token, BenchClient.form(Map.of(
                    "grant_type", "refresh_token", "refresh_token", tokens[worker])), "Authorization: " + basic));
            if (response.status() != 200) {
                return false;
            }
            tokens[worker] = BenchClient.field(response.body(), "refresh_token");
            return true;
        };
    }

    /** Lean keep-alive connections for the phases that need no cookies or redirects (see LeanHttpConnection). */
    private static List<LeanHttpConnection> connections(String issuer, int n) {
        List<LeanHttpConnection> connections = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            connections.add(new LeanHttpConnection(URI.create(issuer)));
        }
        return connections;
    }

    private LoadRunner.Operation login(String issuer) {
        int connections = cores * 4;
        List<BenchClient> clients = clients(connections);
        String auth = BenchClient.basic("bench-portal", SECRET);
        // Each connection is one browser shared by its own accounts (worker, worker + connections, ...), so a
        // returning account finds its device cookie there.
        int[] rounds = new int[connections];
        int perConnection = Math.max(1, USERS / connections);
        return worker -> {
            int user = worker + connections * (rounds[worker]++ % perConnection);
            String email = "bench-" + (user % USERS) + "@example.org";
            clients.get(worker).login(issuer, "bench-portal", auth, REDIRECT, email, PASSWORD);
            return true;
        };
    }

    private static List<BenchClient> clients(int n) {
        List<BenchClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(new BenchClient());
        }
        return clients;
    }

    // ---- machine limits --------------------------------------------------------------------------------------------

    private static double rs256PerSecondOneThread() throws Exception {
        var signer = new RSASSASigner(new RSAKeyGenerator(2048).generate());
        var header = new JWSHeader(JWSAlgorithm.RS256);
        long warm = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < warm) {
            new JWSObject(header, new Payload("{\"sub\":\"x\"}")).sign(signer);
        }
        int count = 0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            new JWSObject(header, new Payload("{\"sub\":\"x\",\"n\":" + count + "}")).sign(signer);
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The server's own hasher at the default parameters (m=19 MiB, t=2, p=1) on every core, after a warm-up: the
     * limit a login rate is compared with must not be lowered by a slower implementation or by JIT compilation.
     */
    private static PasswordHasher defaultHasher() {
        return new PasswordHasher(new PasswordHashProperties(0, 0, 0, 0), new SecureRandom());
    }

    private double argon2PerSecondAllCores() throws InterruptedException {
        var hasher = defaultHasher();
        String hash = hasher.hash(PASSWORD);
        LoadRunner.run("argon2-warm-up", cores, Duration.ofSeconds(3), w -> hasher.matches(PASSWORD, hash));
        LoadStats stats = LoadRunner.run("argon2", cores, Duration.ofSeconds(10), w -> hasher.matches(PASSWORD, hash));
        return stats.throughput();
    }

    // ---- server process ----------------------------------------------------------------------------------------

    private long startServer(Path app, Path realms, List<String> extraJvm, boolean waitReady) throws Exception {
        // The container's JVM and flags from the files the Dockerfile uses, so the figures are those of the image.
        List<String> jvm = new ArrayList<>(List.of(image.java(), "@" + JVM_OPTIONS.toAbsolutePath()));
        jvm.addAll(extraJvm);
        return startServer(jvm, app, realms, waitReady);
    }

    /** Starts the server with exactly these JVM arguments (launcher first), as {@code java -jar} would be run. */
    private long startServer(List<String> jvm, Path app, Path realms, boolean waitReady) throws Exception {
        port = freePort();
        List<String> command = new ArrayList<>(List.of(jvm.get(0)));
        // For profiling a run: -Dbench.server-jvm="-XX:StartFlightRecording=filename=/tmp/t.jfr" (see benchmarks.md).
        String profiling = System.getProperty("bench.server-jvm", "").trim();
        if (!profiling.isEmpty() && waitReady) { // the measured start only, not the CDS training run
            command.addAll(List.of(profiling.split("\\s+")));
        }
        command.addAll(jvm.subList(1, jvm.size()));
        command.addAll(List.of("-jar", app.resolve("toegang.jar").toString(),
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                "--spring.datasource.username=postgres",
                "--toegang.data-dir=" + work.resolve("data"),
                "--toegang.realms-dir=" + realms,
                "--toegang.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "--toegang.lockout.store=redis",
                "--toegang.lockout.key-prefix=" + prefix,
                "--toegang.redis.timeout=10s", // a busy machine must not fail the start
                "--spring.session.data.redis.namespace=" + sessionNamespace(),
                "--toegang.mail.transport=smtp",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=9",
                "--server.tomcat.threads.max=64",
                "--logging.level.root=WARN"));
        long start = System.nanoTime();
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile());
        builder.environment().putAll(dockerfileEnvironment());
        server = builder.start();
        measuredProcess = server.toHandle();
        if (!waitReady) {
            return 0;
        }
        var client = new BenchClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos(); // generous: a busy machine starts slowly
        while (System.nanoTime() < deadline) {
            try {
                // "Ready" as a portal sees it, and as the Keycloak start is timed: the realm's discovery answers.
                if (client.get("http://localhost:" + port + "/realms/bench/.well-known/openid-configuration")
                        .statusCode() == 200) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("server not ready; see " + work.resolve("server.log"));
    }

    /** The start-up archive of the image's shape (AOT cache or CDS), in the run's work directory. */
    private Path archive() {
        return work.resolve(image.aotCache() ? "toegang.aot" : "toegang.jsa");
    }

    /** Environment variables the Dockerfile sets for the JVM itself (not Toegang's settings): the malloc arenas. */
    private static Map<String, String> dockerfileEnvironment() throws Exception {
        var matcher = java.util.regex.Pattern.compile("MALLOC_ARENA_MAX=(\\d+)")
                .matcher(Files.readString(Path.of("docker/Dockerfile")));
        return matcher.find() ? Map.of("MALLOC_ARENA_MAX", matcher.group(1)) : Map.of();
    }

    private long residentMegabytes() throws Exception {
        return statusMegabytes("VmRSS");
    }

    /**
     * Of the resident memory: anonymous (heap, metaspace, compiled code, malloc, and the class-data-sharing archive's
     * pages the JVM patched when it mapped the archive at a random address) and file-backed (libjvm, clean pages).
     */
    private String residentParts() throws Exception {
        return "anonymous " + statusMegabytes("RssAnon") + " MB, file-backed " + statusMegabytes("RssFile") + " MB";
    }

    private long statusMegabytes(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + measuredProcess.pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** With -Dbench.server-jvm=-XX:NativeMemoryTracking=summary: where the resident memory goes. */
    private void printNativeMemoryWhenTracked() throws Exception {
        if (System.getProperty("bench.server-jvm", "").contains("NativeMemoryTracking")) {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(server.pid()), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            System.out.println(new String(jcmd.getInputStream().readAllBytes()));
            jcmd.waitFor();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- data --------------------------------------------------------------------------------------------------

    private Path writeRealm() throws Exception {
        Path dir = Files.createDirectories(work.resolve("realms"));
        Files.writeString(dir.resolve("bench.yaml"), """
                name: bench
                displayName: Benchmark
                clients:
                  - clientId: bench-api
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    scopes: [api]
                  - clientId: bench-portal
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                """.formatted(SECRET, SECRET, REDIRECT) + signingSettings());
        return dir;
    }

    /** {@code -Dbench.signing-algorithm=ES256}: the realm signs its tokens so (default: the realm default, RS256). */
    private static String signingSettings() {
        String algorithm = System.getProperty("bench.signing-algorithm", "").trim();
        return algorithm.isEmpty() ? "" : "settings:\n  signingAlgorithm: " + algorithm + "\n";
    }

    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
    }

    private void createSchema() throws Exception {
        try (Connection c = database()) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
    }

    private void seedUsers() throws Exception {
        String hash = defaultHasher().hash(PASSWORD);
        try (Connection c = database(); PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema
                + ".account (id, realm, email, email_normalized, name, locale, email_verified, password_hash, "
                + "enabled, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < USERS; i++) {
                String email = "bench-" + i + "@example.org";
                Timestamp now = Timestamp.from(Instant.now());
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, "bench");
                insert.setString(3, email);
                insert.setString(4, email);
                insert.setString(5, "Bench User " + i);
                insert.setString(6, "en");
                insert.setBoolean(7, true);
                insert.setString(8, hash);
                insert.setBoolean(9, true);
                insert.setTimestamp(10, now);
                insert.setTimestamp(11, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void cleanUp() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Connection c = database()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (Exception e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
        try (var connection = redis.connect()) {
            RedisTestKeys.deleteMatching(connection.sync(), prefix);
        } catch (Exception e) {
            System.err.println("could not clean Redis keys " + prefix + "*: " + e.getMessage());
        } finally {
            redis.shutdown();
        }
    }

    // ---- report ------------------------------------------------------------------------------------------------

    private void row(String what, String value, String target) {
        rows.add("| " + what + " | " + value + " | " + target + " |");
        System.out.printf(Locale.ROOT, "%-50s %s %s%n", what, value, target);
    }

    private static String target(boolean met, String text) {
        return (met ? "met: " : "MISSED: ") + text;
    }

    private void verdict(boolean met, String text) {
        verdicts.add("- " + target(met, text));
        System.out.println(target(met, text));
    }

    private void report() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String section = "<!-- benchmark:begin -->\n## Toegang benchmark (" + LocalDate.now() + ")\n\n"
                + "Machine: " + cores + " cores, " + cpu + ", Java " + System.getProperty("java.version")
                + ". Server: separate process, Dockerfile JVM flags, " + image.describe()
                + ", PostgreSQL + Redis on this machine.\n\n"
                + "| Measurement | Result | Target |\n|---|---|---|\n" + String.join("\n", rows) + "\n\n"
                + String.join("\n", verdicts) + "\n<!-- benchmark:end -->\n";
        Path doc = Path.of("docs/benchmarks.md");
        String existing = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n";
        String updated = existing.contains("<!-- benchmark:begin -->")
                ? existing.replaceAll("(?s)<!-- benchmark:begin -->.*<!-- benchmark:end -->\n?",
                        java.util.regex.Matcher.quoteReplacement(section))
                : existing + "\n" + section;
        Files.writeString(doc, updated);
        System.out.println("Results written to " + doc.toAbsolutePath() + File.separator);
    }
}
