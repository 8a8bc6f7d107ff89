package nl.toegang.mfa.passkey;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The server side of a WebAuthn ceremony in progress: the request (with its 32-byte random challenge) kept in the
 * browser's session, for one ceremony per realm and purpose. {@link #take} removes it, so each challenge is
 * answered at most once, and refuses it after {@link #LIFETIME}.
 */
@Component
public class PasskeyChallenges {
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final String PREFIX = "TOEGANG_PASSKEY_CEREMONY:";

    public enum Purpose { REGISTER, LOGIN, SECOND_FACTOR }

    record Ceremony(String requestJson, Instant createdAt) implements Serializable {
        @Override
        public String toString() {
            return "Ceremony[" + createdAt + "]";
        }
    }

    private final Clock clock;

    public PasskeyChallenges(Clock clock) {
        this.clock = clock;
    }

    public void put(HttpServletRequest request, String realm, Purpose purpose, String requestJson) {
        request.getSession(true).setAttribute(key(realm, purpose), new Ceremony(requestJson, clock.instant()));
    }

    public Optional<String> take(HttpServletRequest request, String realm, Purpose purpose) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object value = session.getAttribute(key(realm, purpose));
        session.removeAttribute(key(realm, purpose));
        if (value instanceof Ceremony ceremony && clock.instant().isBefore(ceremony.createdAt().plus(LIFETIME))) {
            return Optional.of(ceremony.requestJson());
        }
        return Optional.empty();
    }

    private static String key(String realm, Purpose purpose) {
        return PREFIX + realm + ":" + purpose;
    }
}
