package nl.toegang.mfa.totp;

import nl.toegang.mfa.MfaIds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Enrolling, confirming, using and removing an account's TOTP authenticator.
 *
 * <ul>
 *   <li>{@link #begin} creates a pending credential; it never signs in.</li>
 *   <li>{@link #confirm} turns it into the account's credential after the first valid code, replacing an earlier
 *       confirmed credential only then, so a half-finished re-enrolment does not lock the user out.</li>
 *   <li>{@link #verify} checks a sign-in code, at most once per time step, through the {@link TotpReplayGuard}.</li>
 * </ul>
 * Throttling failed attempts is the caller's job (NIST 800-63B §3.2.2, ASVS 6.3.1): a 6-digit code falls to
 * guessing without it.
 */
public final class TotpEnrollment {

    /** How long a pending enrolment can be confirmed; the user has the QR code in front of them. */
    public static final Duration DEFAULT_PENDING_LIFETIME = Duration.ofMinutes(15);

    private final TotpCredentialRepository repository;
    private final TotpReplayGuard replayGuard;
    private final TotpSecretGenerator secrets;
    private final QrCodeRenderer qrCodes;
    private final TotpIssuer issuer;
    private final TotpParameters parameters;
    private final Duration pendingLifetime;
    private final Clock clock;

    public TotpEnrollment(TotpCredentialRepository repository, TotpReplayGuard replayGuard,
                          TotpSecretGenerator secrets, QrCodeRenderer qrCodes, TotpIssuer issuer,
                          TotpParameters parameters, Duration pendingLifetime, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.qrCodes = Objects.requireNonNull(qrCodes, "qrCodes");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.pendingLifetime = Objects.requireNonNull(pendingLifetime, "pendingLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts (or restarts) enrolment with a new key. {@code label} is what the app shows under the issuer: the email
     * address is usual, but any non-personal label works. An earlier pending key stops working; a confirmed one keeps
     * working until this one is confirmed.
     */
    public PendingTotp begin(String realm, String accountId, String label) {
        MfaIds.requireRealm(realm);
        MfaIds.requireAccountId(accountId);
        TotpSecret secret = secrets.generate();
        String uri = OtpAuthUri.of(issuer.issuerFor(realm), label, secret, parameters);
        repository.savePending(TotpCredential.pending(realm, accountId, secret, parameters, clock.instant()));
        return new PendingTotp(secret, uri, qrCodes.dataUri(uri));
    }

    /**
     * The key of an enrolment still in progress, to show again after a wrong code: the same secret, so the app entry
     * from the first scan keeps working. Empty when there is none or it expired (then the person starts again).
     */
    public Optional<PendingTotp> pending(String realm, String accountId, String label, Instant now) {
        return repository.findPending(realm, accountId)
                .filter(pending -> now.isBefore(pending.createdAt().plus(pendingLifetime)))
                .map(pending -> {
                    String uri = OtpAuthUri.of(issuer.issuerFor(realm), label, pending.secret(),
                            pending.parameters());
                    return new PendingTotp(pending.secret(), uri, qrCodes.dataUri(uri));
                });
    }

    /**
     * Confirms the pending key with a first code from the app. Returns false (and the key stays pending) for a wrong
     * code, an expired or absent enrolment, or when another enrolment replaced it meanwhile. The confirming code is
     * marked used, so it cannot sign in afterwards.
     */
    public boolean confirm(String realm, String accountId, String code, Instant now) {
        Optional<TotpCredential> found = repository.findPending(realm, accountId);
        if (found.isEmpty()) {
            return false;
        }
        TotpCredential pending = found.get();
        if (!now.isBefore(pending.createdAt().plus(pendingLifetime))) {
            return false;
        }
        Totp totp = new Totp(pending.parameters());
        Optional<Long> step = new TotpVerifier(totp).verify(pending.secret().bytes(), code, now);
        if (step.isEmpty() || !markUsed(realm, accountId, totp, step.get())) {
            return false;
        }
        return repository.confirmPending(realm, accountId, pending.secret(), now);
    }

    /** Checks a sign-in code against the confirmed credential; each accepted step works once per account. */
    public TotpResult verify(String realm, String accountId, String code, Instant now) {
        Optional<TotpCredential> found = repository.findConfirmed(realm, accountId);
        if (found.isEmpty()) {
            return new TotpResult.NotEnrolled();
        }
        TotpCredential credential = found.get();
        Totp totp = new Totp(credential.parameters());
        Optional<Long> step = new TotpVerifier(totp).verify(credential.secret().bytes(), code, now);
        if (step.isEmpty()) {
            return new TotpResult.Rejected();
        }
        if (!markUsed(realm, accountId, totp, step.get())) {
            return new TotpResult.Replayed(step.get());
        }
        repository.recordUse(realm, accountId, now);
        return new TotpResult.Accepted(step.get());
    }

    /** Removes the confirmed and any pending credential. */
    public void remove(String realm, String accountId) {
        repository.delete(realm, accountId);
    }

    // Step N is acceptable while the current step is at most N + 1, i.e. until the end of step N + 1.
    private boolean markUsed(String realm, String accountId, Totp totp, long step) {
        return replayGuard.markUsed(realm, accountId, step, totp.endOf(step + 1));
    }
}
