package nl.toegang.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The network shown for a session is never the address itself, and a non-address gives nothing. */
class ApproximateNetworkTest {
    @Test
    void keepsTwoOctetsOfIpv4AndFortyEightBitsOfIpv6() {
        assertThat(ApproximateNetwork.of("192.168.12.34")).contains("192.168.x.x");
        assertThat(ApproximateNetwork.of("2001:db8:abcd:12::1")).contains("2001:db8:abcd::/48");
        assertThat(ApproximateNetwork.of("::ffff:203.0.113.9")).contains("203.0.x.x");
    }

    @Test
    void aHostNameOrGarbageIsNotLookedUp() {
        assertThat(ApproximateNetwork.of("example.org")).isEmpty();
        assertThat(ApproximateNetwork.of("")).isEmpty();
        assertThat(ApproximateNetwork.of(null)).isEmpty();
        assertThat(ApproximateNetwork.of("<script>")).isEmpty();
    }
}
