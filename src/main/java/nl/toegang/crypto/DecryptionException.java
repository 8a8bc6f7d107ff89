package nl.toegang.crypto;

/** Thrown when a {@link MasterKey} ciphertext cannot be decrypted. The message never contains key material. */
public class DecryptionException extends RuntimeException {

    public DecryptionException(String message) {
        super(message);
    }

    public DecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
