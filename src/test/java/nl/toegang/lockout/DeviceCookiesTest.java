package nl.toegang.lockout;

import nl.toegang.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A device cookie is trusted only for the account it was issued for, unaltered, under our key, within its lifetime. */
class DeviceCookiesTest {
    static final String ALICE = "YWxpY2Uta2V5LWhhc2gtYmFzZTY0dXJs";
    static final String BOB = "Ym9iLWtleS1oYXNoLWJhc2U2NHVybC14eA";

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    final DeviceCookies cookies = new DeviceCookies(key((byte) 1), Duration.ofDays(180), clock, new SecureRandom());

    static byte[] key(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return key;
    }

    @Test
    void whenIssuedForAnAccountThenTrustedForThatAccountWithAStableDeviceId() {
        String value = cookies.issue(ALICE, Optional.empty());
        Optional<String> device = cookies.trustedDeviceId(value, ALICE);
        assertThat(device).isPresent();
        assertThat(value).doesNotContain("@");

        String refreshed = cookies.issue(ALICE, device);
        assertThat(cookies.trustedDeviceId(refreshed, ALICE)).isEqualTo(device);
        assertThat(cookies.trustedDeviceId(cookies.issue(ALICE, Optional.empty()), ALICE)).isNotEqualTo(device);
    }

    @Test
    void whenPresentedForAnotherAccountThenNotTrusted() {
        String value = cookies.issue(ALICE, Optional.empty());
        assertThat(cookies.trustedDeviceId(value, BOB)).isEmpty();
    }

    @Test
    void whenAnyPartIsAlteredThenNotTrusted() {
        String value = cookies.issue(ALICE, Optional.empty());
        String[] parts = value.split("\\.");
        // Rebinding the cookie to another account, another device or a later issue time breaks the MAC.
        assertThat(cookies.trustedDeviceId(String.join(".", parts[0], parts[1], BOB, parts[3], parts[4]), BOB))
                .isEmpty();
        assertThat(cookies.trustedDeviceId(String.join(".", parts[0], "otherdevice", parts[2], parts[3], parts[4]),
                ALICE)).isEmpty();
        assertThat(cookies.trustedDeviceId(String.join(".", parts[0], parts[1], parts[2],
                Long.toString(Long.parseLong(parts[3]) + 86_400), parts[4]), ALICE)).isEmpty();
        assertThat(cookies.trustedDeviceId(value.substring(0, value.length() - 2), ALICE)).isEmpty();
        assertThat(cookies.trustedDeviceId("", ALICE)).isEmpty();
        assertThat(cookies.trustedDeviceId("v1.a.b.c.d.e", ALICE)).isEmpty();
        assertThat(cookies.trustedDeviceId(null, ALICE)).isEmpty();
    }

    @Test
    void whenForgedWithAnotherKeyThenNotTrusted() {
        DeviceCookies attacker = new DeviceCookies(key((byte) 2), Duration.ofDays(180), clock, new SecureRandom());
        assertThat(cookies.trustedDeviceId(attacker.issue(ALICE, Optional.empty()), ALICE)).isEmpty();
        String unsigned = "v1.device." + ALICE + "." + clock.instant().getEpochSecond() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertThat(cookies.trustedDeviceId(unsigned, ALICE)).isEmpty();
    }

    @Test
    void whenOlderThanItsLifetimeThenNotTrusted() {
        String value = cookies.issue(ALICE, Optional.empty());
        clock.advance(Duration.ofDays(180).minusSeconds(1));
        assertThat(cookies.trustedDeviceId(value, ALICE)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cookies.trustedDeviceId(value, ALICE)).isEmpty();
    }

    @Test
    void whenIssuedFarInTheFutureThenNotTrusted() {
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofHours(1)));
        String value = new DeviceCookies(key((byte) 1), Duration.ofDays(180), ahead, new SecureRandom())
                .issue(ALICE, Optional.empty());
        assertThat(cookies.trustedDeviceId(value, ALICE)).isEmpty();
    }
}
