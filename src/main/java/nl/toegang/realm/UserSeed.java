package nl.toegang.realm;

/**
 * A user declared in a realm file for development, demos and tests. Created when absent; never overwritten.
 */
public record UserSeed(String email, Secret password, String name, boolean emailVerified, String locale, int line) {
}
