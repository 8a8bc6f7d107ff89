package nl.toegang.console;

import java.io.Serializable;
import java.time.Instant;

/**
 * An authorization request the console sent and has not seen come back yet, kept in the HTTP session under its
 * {@code state}. Holds the PKCE code verifier, so {@link #toString()} masks the secrets.
 *
 * @param returnTo       the same-realm console path to show after the sign-in (checked by {@link ConsolePaths})
 * @param reauthenticate the request asked for a fresh sign-in ({@code max_age}) before a sensitive change
 */
public record PendingConsoleLogin(String state, String nonce, String codeVerifier, String returnTo,
                                  boolean reauthenticate, Instant startedAt) implements Serializable {

    @Override
    public String toString() {
        return "PendingConsoleLogin[returnTo=" + returnTo + ", reauthenticate=" + reauthenticate + ", startedAt="
                + startedAt + ", state, nonce and codeVerifier masked]";
    }
}
