package nl.toegang.federation.saml.mock;

import nl.toegang.config.ConditionalOnMockDigid;
import nl.toegang.saml.SamlArtifact;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Like DigiD: an artifact resolves once, and only within 15 minutes of being issued. */
@Component
@ConditionalOnMockDigid
public class MockArtifactStore {
    static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final int MAX_PENDING = 10_000;

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, MockAnswer> pending = new HashMap<>();

    public MockArtifactStore(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** Stores the answer and returns the SAMLart that refers to it. */
    public synchronized SamlArtifact issue(String idpEntityId, MockAnswer answer) {
        Instant now = clock.instant();
        pending.values().removeIf(a -> !a.createdAt().plus(LIFETIME).isAfter(now));
        if (pending.size() >= MAX_PENDING) {
            throw new IllegalStateException("too many unresolved mock artifacts");
        }
        byte[] handle = new byte[20];
        random.nextBytes(handle);
        SamlArtifact artifact = SamlArtifact.create(idpEntityId, 0, handle);
        pending.put(artifact.encoded(), answer);
        return artifact;
    }

    /** The answer for {@code artifact}, removed so that a second resolution finds nothing. */
    public synchronized Optional<MockAnswer> resolveOnce(String artifact) {
        MockAnswer answer = pending.remove(artifact);
        if (answer == null || !answer.createdAt().plus(LIFETIME).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(answer);
    }
}
