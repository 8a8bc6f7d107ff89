package nl.toegang.federation.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The offer lives in the HTTP session, which the Redis store serializes with Java serialization. */
class PendingLinkOfferTest {
    @Test
    void anOfferWithALevelSurvivesTheRedisSessionStoresSerialization() throws Exception {
        var offer = new PendingLinkOffer("o", "portal", "partner", "id-1", "acc-1", "a@example.org",
                "urn:toegang:level:substantial", "/continue", null, null, Instant.parse("2026-12-06T07:00:00Z"));
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(offer);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            var read = (PendingLinkOffer) in.readObject();
            assertThat(read).isEqualTo(offer);
            assertThat(read.acr()).contains("urn:toegang:level:substantial");
        }
    }
}
