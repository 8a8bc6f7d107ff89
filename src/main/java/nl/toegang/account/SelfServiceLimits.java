package nl.toegang.account;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on self-service actions that send mail or cost hashing work ({@code toegang.self-service.*}). Exceeding
 * them never changes what the page says about an address; it only stops the extra work.
 *
 * @param registrationsPerIpPerHour         new registrations accepted from one client address per hour (default 20)
 * @param resetRequestsPerIpPer15Minutes    password reset requests from one client address (default 20)
 * @param resetRequestsPerAddressPer15Minutes reset emails for one address (default 3)
 */
@Validated
@ConfigurationProperties("toegang.self-service")
public record SelfServiceLimits(
        @Min(1) int registrationsPerIpPerHour,
        @Min(1) int resetRequestsPerIpPer15Minutes,
        @Min(1) int resetRequestsPerAddressPer15Minutes) {

    public SelfServiceLimits {
        registrationsPerIpPerHour = registrationsPerIpPerHour == 0 ? 20 : registrationsPerIpPerHour;
        resetRequestsPerIpPer15Minutes = resetRequestsPerIpPer15Minutes == 0 ? 20 : resetRequestsPerIpPer15Minutes;
        resetRequestsPerAddressPer15Minutes = resetRequestsPerAddressPer15Minutes == 0 ? 3
                : resetRequestsPerAddressPer15Minutes;
    }
}
