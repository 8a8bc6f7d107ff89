package nl.toegang.mfa.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Changing how an account signs in needs a recent sign-in (ASVS 7.5.1): a browser left signed in for hours must not
 * be enough to add an attacker's authenticator or remove the owner's.
 */
@Component
public class RecentSignIn {
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;

    public RecentSignIn(Clock clock) {
        this.clock = clock;
    }

    public boolean recent(Authentication authentication) {
        if (authentication == null) {
            return false;
        }
        Instant latest = authentication.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
                .max(Instant::compareTo).orElse(Instant.EPOCH);
        return !clock.instant().isAfter(latest.plus(WINDOW));
    }
}
