package nl.toegang.mail;

import java.util.Objects;

/** A rendered message. The bodies may hold secrets: {@link #toString()} shows only their sizes. */
public record RenderedMail(String subject, String text, String html) {

    public RenderedMail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    @Override
    public String toString() {
        return "RenderedMail[subject=" + subject + ", text=(" + text.length() + " chars), html=(" + html.length()
                + " chars)]";
    }
}
