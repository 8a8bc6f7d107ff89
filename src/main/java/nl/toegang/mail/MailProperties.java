package nl.toegang.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Mail settings ({@code toegang.mail.*}). The SMTP server itself is set with Spring Boot's {@code spring.mail.*}.
 *
 * @param transport        {@code dev} (default: keep mails in memory, shown at {@code /dev/mailbox}; refused in
 *                         production) or {@code smtp} (send through {@code spring.mail.host})
 * @param from             the From header (default {@code Toegang <no-reply@localhost>})
 * @param dispatchInterval pause between two outbox passes on each node (default 1s)
 * @param devMailboxSize   how many mails the dev mailbox keeps (default 200)
 */
@Validated
@ConfigurationProperties("toegang.mail")
public record MailProperties(
        Transport transport,
        String from,
        Duration dispatchInterval,
        @Min(1) @Max(10000) int devMailboxSize) {

    public enum Transport { DEV, SMTP }

    public MailProperties {
        transport = transport == null ? Transport.DEV : transport;
        from = from == null || from.isBlank() ? "Toegang <no-reply@localhost>" : from.strip();
        dispatchInterval = dispatchInterval == null ? Duration.ofSeconds(1) : dispatchInterval;
        devMailboxSize = devMailboxSize == 0 ? 200 : devMailboxSize;
        if (dispatchInterval.isNegative() || dispatchInterval.isZero()) {
            throw new IllegalArgumentException("toegang.mail.dispatch-interval must be positive, e.g. 1s");
        }
        fromAddress(from);
    }

    /** The parsed From address. */
    public InternetAddress fromAddress() {
        return fromAddress(from);
    }

    private static InternetAddress fromAddress(String from) {
        try {
            InternetAddress[] parsed = InternetAddress.parse(from, true);
            if (parsed.length != 1) {
                throw new AddressException("expected exactly one address");
            }
            return parsed[0];
        } catch (AddressException e) {
            throw new IllegalArgumentException("toegang.mail.from is not one valid address (" + e.getMessage()
                    + "); expected e.g. 'Toegang <no-reply@example.org>'", e);
        }
    }
}
