package nl.toegang.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in mock DigiD ({@code toegang.mock-digid.*}), a development stand-in that hands out logins for any test
 * BSN. Its beans exist only when {@link ConditionalOnMockDigid enabled}; {@link ProductionSettingsCheck} refuses it
 * in production.
 *
 * @param enabled      register the mock's pages, artifact resolution service and IdP (default true, so the embedded
 *                     default offers DigiD login with no configuration; false in the prod profile)
 * @param artifactPort port of the mock's artifact resolution service on 127.0.0.1 (default 0: a free port)
 */
@Validated
@ConfigurationProperties("toegang.mock-digid")
public record MockDigidProperties(Boolean enabled, @Min(0) @Max(65535) int artifactPort) {

    public MockDigidProperties {
        enabled = enabled == null ? ConditionalOnMockDigid.DEFAULT : enabled;
    }
}
