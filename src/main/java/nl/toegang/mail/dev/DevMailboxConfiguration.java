package nl.toegang.mail.dev;

import nl.toegang.config.ToegangProperties;
import nl.toegang.mail.MailProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The dev mailbox transport, only with {@code toegang.mail.transport=dev} (the default). In production this refuses
 * to start: mail would silently never leave the server, and the pages would show everyone's codes.
 * {@link DevMailboxController} carries the same condition (it is found by component scanning).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toegang.mail.transport", havingValue = "dev", matchIfMissing = true)
public class DevMailboxConfiguration {

    static final String REFUSED_IN_PRODUCTION = "the dev mailbox cannot be used in production; "
            + "set toegang.mail.transport=smtp and spring.mail.host";

    @Bean
    DevMailbox devMailbox(MailProperties mail, Clock clock) {
        return new DevMailbox(mail.devMailboxSize(), clock);
    }

    /**
     * Runs once all beans exist, before the server accepts requests or the dispatcher runs, so startup fails with this
     * message; errors found while creating beans (such as a broken realm file) are still reported first.
     */
    @Bean
    SmartInitializingSingleton devMailboxRefusedInProduction(ToegangProperties toegang) {
        return () -> {
            if (toegang.production()) {
                throw new IllegalStateException(REFUSED_IN_PRODUCTION);
            }
        };
    }
}
