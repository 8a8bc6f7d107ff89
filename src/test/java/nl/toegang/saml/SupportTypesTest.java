package nl.toegang.saml;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bsn, DigidLevel, replay cache and SafeText. */
class SupportTypesTest {

    @Test
    void bsnElevenTest() {
        assertThat(Bsn.isValid("999991772")).isTrue();
        assertThat(Bsn.isValid("111222333")).isTrue();
        assertThat(Bsn.isValid("999991773")).isFalse();
        assertThat(Bsn.isValid("12345678")).isFalse();
        assertThat(Bsn.isValid("1234567890")).isFalse();
        assertThat(Bsn.isValid("00000000a")).isFalse();
        assertThat(Bsn.isValid("000000000")).isFalse();
        assertThatThrownBy(() -> new Bsn("999991773")).hasMessageNotContaining("999991773");
    }

    @Test
    void bsnToStringIsMasked() {
        assertThat(new Bsn("999991772").toString()).doesNotContain("999991772").doesNotContain("1772");
    }

    @Test
    void levelOrder() {
        assertThat(DigidLevel.HOOG.isAtLeast(DigidLevel.SUBSTANTIEEL)).isTrue();
        assertThat(DigidLevel.SUBSTANTIEEL.isAtLeast(DigidLevel.MIDDEN)).isTrue();
        assertThat(DigidLevel.MIDDEN.isAtLeast(DigidLevel.BASIS)).isTrue();
        assertThat(DigidLevel.BASIS.isAtLeast(DigidLevel.MIDDEN)).isFalse();
        assertThat(DigidLevel.fromClassRef("http://eidas.europa.eu/LoA/high")).contains(DigidLevel.HOOG);
        assertThat(DigidLevel.fromClassRef("nonsense")).isEmpty();
    }

    @Test
    void replayCacheRefusesSecondUseUntilExpiry() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        var cache = new InMemoryAssertionReplayCache(clock, 10);
        Instant until = clock.instant().plus(Duration.ofMinutes(4));
        assertThat(cache.markUsed("_a", until)).isTrue();
        assertThat(cache.markUsed("_a", until)).isFalse();
        clock.now = until;
        assertThat(cache.markUsed("_a", until.plus(Duration.ofMinutes(4)))).isTrue();
    }

    @Test
    void replayCacheIsBoundedAndFailsClosedWhenFullOfLiveEntries() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        var cache = new InMemoryAssertionReplayCache(clock, 2);
        Instant until = clock.instant().plus(Duration.ofMinutes(4));
        assertThat(cache.markUsed("_a", until)).isTrue();
        assertThat(cache.markUsed("_b", until)).isTrue();
        assertThat(cache.markUsed("_c", until)).isFalse();
        clock.now = until;
        assertThat(cache.markUsed("_c", until.plus(Duration.ofMinutes(4)))).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void safeTextMasksNineDigitRunsAndControlCharacters() {
        assertThat(SafeText.quote("x999991772\ny")).isEqualTo("'x*********?y'");
        assertThat(SafeText.quote(null)).isEqualTo("(absent)");
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
