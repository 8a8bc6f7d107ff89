package nl.toegang.federation.upstream;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a SAML IdP's attributes give the linking policy (docs/upstream.md "Linking policy"): {@code email_verified}
 * is {@code true} only when the realm maps it to an attribute whose value is exactly {@code true}. Anything else
 * (no mapping, no attribute, "yes", "TRUE", "1") leaves it out or false, so no link is ever offered on it. The offer
 * and the link after it are the same code for OIDC and SAML ({@code UpstreamController.ended}), tested over HTTP in
 * {@link UpstreamLinkingTest}.
 */
class SamlLinkingClaimsTest {
    static final String MAIL = "urn:oid:0.9.2342.19200300.100.1.3";
    static final String VERIFIED = "urn:example:emailVerified";
    static final Map<String, String> MAPPING = Map.of("email", MAIL, "email_verified", VERIFIED);

    @Test
    void onlyTheValueTrueOfTheMappedAttributeCountsAsVerified() {
        assertThat(SamlUpstreamLogin.claims(MAPPING, Map.of(MAIL, List.of("erik@university.test"),
                VERIFIED, List.of("true")))).containsEntry("email_verified", true)
                .containsEntry("email", "erik@university.test");
        assertThat(SamlUpstreamLogin.claims(MAPPING, Map.of(MAIL, List.of("erik@university.test"),
                VERIFIED, List.of("false")))).containsEntry("email_verified", false);
        for (String loose : List.of("yes", "TRUE", "1", "")) {
            assertThat(SamlUpstreamLogin.claims(MAPPING, Map.of(MAIL, List.of("erik@university.test"),
                    VERIFIED, List.of(loose)))).as(loose).doesNotContainKey("email_verified");
        }
        assertThat(SamlUpstreamLogin.claims(MAPPING, Map.of(MAIL, List.of("erik@university.test"))))
                .doesNotContainKey("email_verified");
        assertThat(SamlUpstreamLogin.claims(Map.of("email", MAIL), Map.of(MAIL, List.of("erik@university.test"),
                VERIFIED, List.of("true")))).as("not mapped: not asserted").doesNotContainKey("email_verified");
    }
}
