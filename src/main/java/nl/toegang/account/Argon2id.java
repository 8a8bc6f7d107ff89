package nl.toegang.account;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Argon2 (Bouncy Castle) with the PHC string format of Spring Security's {@code Argon2PasswordEncoder}
 * ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}, unpadded base64), so stored hashes stay valid both ways.
 *
 * <p>Why not that encoder: it lets every hash allocate its whole memory cost (19 MiB in 1 KiB blocks) afresh. On a
 * small heap those blocks outlive young collections mid-hash, are copied and promoted, and full collections follow;
 * measured with the container's flags, a fifth of the time went to the collector. Here a fixed number of workers
 * (see {@link PasswordHasher#concurrency}) each own a block pool that every hash with the
 * current parameters reuses, so hashing allocates almost nothing. Taking a worker is also what bounds concurrency.
 */
final class Argon2id {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random;
    /** Idle workers; each is the block memory for one hash with the current parameters. */
    private final BlockingQueue<Argon2BytesGenerator.FixedBlockPool> workers;

    Argon2id(int memoryKib, int iterations, int parallelism, int concurrency, SecureRandom random) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.random = random;
        this.workers = new ArrayBlockingQueue<>(concurrency);
        int blocks = Argon2BytesGenerator.getBlockCount(memoryKib, parallelism);
        for (int i = 0; i < concurrency; i++) {
            workers.add(new Argon2BytesGenerator.FixedBlockPool(blocks));
        }
    }

    /** The PHC parameter segment every current hash carries, e.g. {@code m=19456,t=2,p=1}. */
    String currentParameters() {
        return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }

    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        var phc = new Phc(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations,
                parallelism, salt, new byte[HASH_BYTES]);
        byte[] hash = compute(phc, password);
        return "$argon2id$v=19$" + currentParameters() + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /**
     * A well-formed hash with the current parameters whose hash bytes are random rather than computed: verifying a
     * password against it costs exactly what a real one costs, and no password matches it (that would take a preimage
     * of 32 random bytes). Made without hashing, so it costs nothing at startup.
     */
    String unmatchableHash() {
        byte[] salt = new byte[SALT_BYTES];
        byte[] hash = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(hash);
        return "$argon2id$v=19$" + currentParameters() + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** False for a wrong password and for anything that is not a well-formed Argon2 PHC string. */
    boolean matches(String password, String encoded) {
        Phc phc = Phc.parse(encoded);
        if (phc == null) {
            return false;
        }
        return MessageDigest.isEqual(compute(phc, password), phc.hash());
    }

    private byte[] compute(Phc phc, String password) {
        Argon2BytesGenerator.FixedBlockPool worker = take();
        try {
            var parameters = new Argon2Parameters.Builder(phc.type()).withVersion(phc.version())
                    .withMemoryAsKB(phc.memoryKib()).withIterations(phc.iterations())
                    .withParallelism(phc.parallelism()).withSalt(phc.salt());
            if (phc.memoryKib() == memoryKib && phc.parallelism() == parallelism) {
                parameters.withBlockPool(worker); // same block count: reuse this worker's memory
            }
            var generator = new Argon2BytesGenerator();
            generator.init(parameters.build());
            byte[] out = new byte[phc.hash().length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
            return out;
        } finally {
            workers.add(worker);
        }
    }

    private Argon2BytesGenerator.FixedBlockPool take() {
        try {
            return workers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash a password", e);
        }
    }

    /** A decoded PHC string. */
    private record Phc(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
                       byte[] hash) {

        static Phc parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$");
            // "", type, [v=..], m=..,t=..,p=.., salt, hash
            if (parts.length != 5 && parts.length != 6) {
                return null;
            }
            int type = switch (parts[1]) {
                case "argon2id" -> Argon2Parameters.ARGON2_id;
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                default -> -1;
            };
            int next = 2;
            int version = Argon2Parameters.ARGON2_VERSION_10;
            try {
                if (parts.length == 6) {
                    if (!parts[2].startsWith("v=")) {
                        return null;
                    }
                    version = Integer.parseInt(parts[2].substring(2));
                    next = 3;
                }
                int m = 0;
                int t = 0;
                int p = 0;
                for (String parameter : parts[next].split(",")) {
                    String[] kv = parameter.split("=", 2);
                    if (kv.length != 2) {
                        return null;
                    }
                    switch (kv[0]) {
                        case "m" -> m = Integer.parseInt(kv[1]);
                        case "t" -> t = Integer.parseInt(kv[1]);
                        case "p" -> p = Integer.parseInt(kv[1]);
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = Base64.getDecoder().decode(parts[next + 1]);
                byte[] hash = Base64.getDecoder().decode(parts[next + 2]);
                boolean sane = type >= 0 && (version == Argon2Parameters.ARGON2_VERSION_10
                        || version == Argon2Parameters.ARGON2_VERSION_13)
                        && p >= 1 && p <= 16 && t >= 1 && t <= 20 && m >= 8 * p && m <= 1_048_576
                        && salt.length >= 8 && hash.length >= 16 && hash.length <= 64;
                return sane ? new Phc(type, version, m, t, p, salt, hash) : null;
            } catch (IllegalArgumentException malformed) { // NumberFormatException included
                return null;
            }
        }
    }
}
