package nl.toegang.realm;

import nl.toegang.lockout.IpBucket;
import nl.toegang.lockout.ThrottleKey;
import nl.toegang.lockout.Authenticator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockoutPolicyTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LockoutPolicy p = LockoutPolicy.defaults();
        assertThat(p.freeFailures()).isEqualTo(3);
        assertThat(p.failuresBeforeLockout()).isEqualTo(10);
        assertThat(p.permanentDisableAt()).isEqualTo(100);
        assertThat(p.delayAfter(3)).isZero();
        assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayAfter(8)).isEqualTo(Duration.ofSeconds(16));
        assertThat(p.delayAfter(9)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delayAfter(Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.lockoutWait(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.lockoutWait(2)).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.lockoutWait(3)).isEqualTo(Duration.ofHours(1));
        assertThat(p.lockoutWait(50)).isEqualTo(Duration.ofHours(24));
        assertThat(p.counterTtl()).isGreaterThan(p.lockoutWait(Integer.MAX_VALUE));
        assertThat(p.spikeDelay(299)).isZero();
        assertThat(p.spikeDelay(600)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.spikeDelay(1_000_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesMoreThanNistAllows() {
        assertThatThrownBy(() -> LockoutPolicy.builder().permanentDisableAt(101).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LockoutPolicy.builder().permanentDisableAt(100).build().permanentDisableAt()).isEqualTo(100);
    }

    @Test
    void throttleKeysRefuseRawEmailsAndKeyBreakingCharacters() {
        assertThatThrownBy(() -> ThrottleKey.untrusted("burgers", "jan@example.nl", Authenticator.PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThrottleKey.untrusted("burgers", "a}b", Authenticator.PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThrottleKey.trustedDevice("burgers", "abc", Authenticator.PASSWORD, "x:y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipBucketsAreIpv4OrIpv6Slash64WithoutDnsLookups() {
        assertThat(IpBucket.of("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(IpBucket.of("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
        assertThat(IpBucket.of("[2001:DB8:1:2::9]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(IpBucket.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThatThrownBy(() -> IpBucket.of("example.org")).isInstanceOf(IllegalArgumentException.class);
    }
}
