package nl.toegang.testsupport;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what Toegang really sent through SMTP to an in-process GreenMail server. */
public final class Mailbox {
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{8})\\s*$");

    private final GreenMailExtension smtp;

    public Mailbox(GreenMailExtension smtp) {
        this.smtp = smtp;
    }

    /** A received mail: subject and decoded text part. */
    public record Mail(String to, String subject, String text) {
        public String code() {
            Matcher m = CODE.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no code in mail:\n" + text);
            }
            return m.group(1);
        }

        public String link(String pathPart) {
            Matcher m = Pattern.compile("(https?://\\S*" + Pattern.quote(pathPart) + "\\S*)").matcher(text);
            if (!m.find()) {
                throw new AssertionError("no link with " + pathPart + " in mail:\n" + text);
            }
            return m.group(1);
        }
    }

    public List<Mail> to(String address) {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                boolean match = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
                if (match) {
                    mails.add(new Mail(address, message.getSubject(), text(message)));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    /** Waits (up to 15 s) until at least {@code count} mails to the address have arrived; returns the newest. */
    public Mail awaitNewest(String address, int count) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<Mail> mails = to(address);
            if (mails.size() >= count) {
                return mails.get(mails.size() - 1);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("expected " + count + " mail(s) to " + address + ", got " + to(address).size());
    }

    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
