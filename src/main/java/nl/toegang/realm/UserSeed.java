package nl.toegang.realm;

import java.util.Set;

/**
 * A user declared in a realm file for development, demos and tests. Created when absent; never overwritten.
 *
 * @param roles staff roles ({@code support}, {@code admin}) for the support pages; only in realm {@code admin}
 */
public record UserSeed(String email, Secret password, String name, boolean emailVerified, String locale,
                       Set<String> roles, int line) {
    public UserSeed {
        roles = Set.copyOf(roles);
    }
}
