package nl.toegang.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes bookkeeping rows about tokens that have expired anyway (rotated refresh tokens, revoked client-credentials
 * tokens, used client-assertion ids), once an hour on every node; deleting twice is harmless.
 */
@Component
public class TokenRecordPurge {
    private static final Logger log = LoggerFactory.getLogger(TokenRecordPurge.class);

    private final RotatedRefreshTokens rotatedRefreshTokens;
    private final ClientCredentialsTokens clientCredentials;
    private final ClientAssertionDecoderFactory clientAssertions;

    public TokenRecordPurge(RotatedRefreshTokens rotatedRefreshTokens, ClientCredentialsTokens clientCredentials,
                            ClientAssertionDecoderFactory clientAssertions) {
        this.rotatedRefreshTokens = rotatedRefreshTokens;
        this.clientCredentials = clientCredentials;
        this.clientAssertions = clientAssertions;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    public int purge() {
        int removed = rotatedRefreshTokens.purgeExpired() + clientCredentials.purgeExpired() + clientAssertions.purgeExpired();
        if (removed > 0) {
            log.info("Removed {} expired token records", removed);
        }
        return removed;
    }
}
