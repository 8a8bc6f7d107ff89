package nl.toegang.saml;

import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Refusal assertions shared by the SAML tests; every refusal message is also checked to be free of the BSN. */
final class SamlAssertions {
    private SamlAssertions() {
    }

    static SamlValidationException assertRefused(SamlReason expected, Executable action) {
        SamlValidationException e = assertThrows(SamlValidationException.class, action);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(expected);
        assertThat(e.getMessage()).doesNotContain(TestIdp.BSN);
        return e;
    }
}
