package nl.toegang.mail;

import nl.toegang.config.PublicUrl;
import nl.toegang.crypto.MasterKey;
import nl.toegang.mail.jdbc.JdbcOutboxRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.time.Clock;
import java.util.Optional;
import java.util.Properties;

/** The mail capability: renderer, outbox, dispatcher, and the SMTP transport when {@code toegang.mail.transport=smtp}. */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

    @Bean
    MailRenderer mailRenderer(MessageSource messageSource, Environment environment, PublicUrl publicUrl) {
        return new MailRenderer(messageSource,
                environment.getProperty("spring.thymeleaf.cache", Boolean.class, true),
                () -> publicUrl.isKnown() ? Optional.of(publicUrl.host()) : Optional.empty());
    }

    @Bean
    OutboxRepository outboxRepository(JdbcClient jdbc, MasterKey masterKey) {
        return new JdbcOutboxRepository(jdbc, masterKey);
    }

    @Bean
    Mailer mailer(MailRenderer renderer, OutboxRepository outbox, Clock clock) {
        return new OutboxMailer(renderer, outbox, clock);
    }

    @Bean
    OutboxDispatcher outboxDispatcher(OutboxRepository outbox, MailTransport transport, Clock clock) {
        return new OutboxDispatcher(outbox, transport, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "toegang.mail.transport", havingValue = "smtp")
    MailTransport smtpMailTransport(ObjectProvider<JavaMailSender> sender, MailProperties properties, Clock clock) {
        JavaMailSender javaMailSender = sender.getIfAvailable();
        if (javaMailSender == null) {
            throw new IllegalStateException(
                    "toegang.mail.transport=smtp needs an SMTP server: set spring.mail.host (and spring.mail.port, "
                            + "spring.mail.username, spring.mail.password as needed)");
        }
        if (javaMailSender instanceof JavaMailSenderImpl impl) {
            Properties javaMail = impl.getJavaMailProperties();
            defaultTimeouts(javaMail);
            impl.setJavaMailProperties(javaMail); // also drops a session created with the old settings
        }
        return new SmtpMailTransport(javaMailSender, properties.fromAddress(), clock);
    }

    // JavaMail waits forever by default; a hung server would stall every node's outbox. Explicit settings win.
    private static void defaultTimeouts(Properties javaMail) {
        for (String protocol : new String[]{"smtp", "smtps"}) {
            javaMail.putIfAbsent("mail." + protocol + ".connectiontimeout", "10000");
            javaMail.putIfAbsent("mail." + protocol + ".timeout", "30000");
            javaMail.putIfAbsent("mail." + protocol + ".writetimeout", "30000");
        }
    }
}
