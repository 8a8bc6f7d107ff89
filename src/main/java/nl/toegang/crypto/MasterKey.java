package nl.toegang.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The server's master key: encrypts secrets at rest (AES-256-GCM) and derives sub-keys for other purposes.
 *
 * <p>Ciphertext format: {@code version (1 byte) | nonce (12 bytes) | AES-GCM ciphertext and 128-bit tag}. The caller's
 * {@code context} (for example {@code "signing-key:" + realm + ":" + kid}) is authenticated as associated data, so a
 * ciphertext copied to another row or purpose does not decrypt. Nonces are random; with 96-bit random nonces one key
 * can safely encrypt far more values (about 2<sup>32</sup>) than this server will ever store.
 *
 * <p>Thread-safe. {@link #toString()} never shows the key.
 */
public final class MasterKey {

    public static final int KEY_BYTES = 32;

    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + NONCE_BYTES;

    private final SecretKeySpec aesKey;
    private final SecretKeySpec macKey;
    private final SecureRandom random;

    private MasterKey(byte[] key, SecureRandom random) {
        this.aesKey = new SecretKeySpec(key, "AES");
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
        this.random = random;
    }

    /** Parses base64 (standard or URL alphabet) of exactly 32 bytes. Error messages never contain the value. */
    public static MasterKey fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("master key is empty; expected base64 of " + KEY_BYTES + " random bytes");
        }
        byte[] key;
        try {
            key = decodeBase64(base64.strip());
        } catch (IllegalArgumentException e) {
            // The decoder's message may quote the offending character; do not pass it on.
            throw new IllegalArgumentException("master key is not valid base64; expected base64 of " + KEY_BYTES
                    + " random bytes (e.g. `openssl rand -base64 32`)");
        }
        try {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("master key must be " + KEY_BYTES + " bytes but has " + key.length
                        + "; generate one with `openssl rand -base64 32`");
            }
            return new MasterKey(key, new SecureRandom());
        } finally {
            Arrays.fill(key, (byte) 0); // SecretKeySpec keeps its own copy
        }
    }

    /**
     * Reads the key from {@code file}, or generates a new random key and writes it there (parent directories are
     * created; the file is readable by its owner only where the file system has POSIX permissions). Meant for the
     * single-node embedded default; clustered setups pass the same key to every node via configuration instead.
     */
    public static MasterKey loadOrCreate(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (!Files.exists(file)) {
                createKeyFile(file);
            }
            String content = Files.readString(file, StandardCharsets.US_ASCII);
            try {
                return fromBase64(content);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot use master key file " + file + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create master key file " + file, e);
        }
    }

    private static void createKeyFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        byte[] content = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);

        // Write a private temp file and move it into place, so nobody ever reads a half-written key and a
        // concurrent creator's key is never overwritten (the move fails instead and we read theirs).
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".master-key-", ".tmp", ownerOnly);
        try {
            Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            Files.move(tmp, file);
        } catch (FileAlreadyExistsException lostRace) {
            // another process created it first; use that one
        } finally {
            Arrays.fill(content, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    /** Encrypts {@code plaintext}; {@code context} must be given again, unchanged, to decrypt. */
    public byte[] encrypt(byte[] plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(FORMAT_V1, context));
            ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + cipher.getOutputSize(plaintext.length));
            out.put(FORMAT_V1).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} produced under the same key and context.
     *
     * @throws DecryptionException when the key or context differs or the data was altered
     */
    public byte[] decrypt(byte[] ciphertext, String context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length < HEADER_BYTES + TAG_BITS / 8) {
            throw new DecryptionException("ciphertext is too short");
        }
        if (ciphertext[0] != FORMAT_V1) {
            throw new DecryptionException("unknown ciphertext format version " + (ciphertext[0] & 0xff));
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(FORMAT_V1, context));
            return cipher.doFinal(ciphertext, HEADER_BYTES, ciphertext.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new DecryptionException(
                    "authentication failed: wrong master key, wrong context, or the data was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** A 32-byte sub-key for {@code purpose}: HMAC-SHA-256 of the purpose under the master key. */
    public byte[] derive(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("purpose must not be blank");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[****]";
    }

    // The version byte is authenticated too, so it cannot be changed to make a later format misread old data.
    private static byte[] associatedData(byte version, String context) {
        if (context == null || context.isEmpty()) {
            throw new IllegalArgumentException("context must not be empty");
        }
        byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[1 + ctx.length];
        aad[0] = version;
        System.arraycopy(ctx, 0, aad, 1, ctx.length);
        return aad;
    }

    private static byte[] decodeBase64(String s) {
        return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
    }
}
