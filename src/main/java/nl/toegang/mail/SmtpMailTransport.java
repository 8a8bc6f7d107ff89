package nl.toegang.mail;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.mail.javamail.JavaMailSender;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;

/**
 * Sends through Spring's {@link JavaMailSender} ({@code spring.mail.*}) as multipart/alternative: plain text first,
 * HTML second, so clients that can show HTML do and the others show the text.
 */
public final class SmtpMailTransport implements MailTransport {

    private final JavaMailSender sender;
    private final InternetAddress from;
    private final Clock clock;

    public SmtpMailTransport(JavaMailSender sender, InternetAddress from, Clock clock) {
        this.sender = sender;
        this.from = from;
        this.clock = clock;
    }

    @Override
    public void deliver(OutgoingMail mail) throws Exception {
        MimeMessage message = sender.createMimeMessage();
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        // RFC 3834: tells auto-responders (vacation replies) not to answer.
        message.setHeader("Auto-Submitted", "auto-generated");

        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);

        sender.send(message);
    }
}
