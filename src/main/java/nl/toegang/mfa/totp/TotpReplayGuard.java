package nl.toegang.mfa.totp;

import java.time.Instant;

/**
 * Remembers the last time step at which each account's TOTP was accepted, so a code works only once (NIST 800-63B
 * "accept a given OTP only once", ASVS 6.5.1). Shared by all nodes in a cluster.
 */
public interface TotpReplayGuard {

    /**
     * Records that {@code accountId} in {@code realm} used a code of {@code timeStep}, atomically. Returns false, and
     * records nothing, when that account already used this step or a later one: once a code of step N was accepted,
     * codes of steps up to N are refused, which also stops a replay in an adjacent step of the drift window.
     *
     * @param expiresAt when the step can no longer be accepted anyway; the record may be forgotten after it
     */
    boolean markUsed(String realm, String accountId, long timeStep, Instant expiresAt);
}
