package nl.toegang.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks email addresses for logs and stored error messages: {@code alice@example.org} becomes {@code a***@example.org}. */
public final class MailAddresses {

    private static final Pattern ADDRESS = Pattern.compile("([^\\s<>\"'@,;:()\\[\\]]+)@([A-Za-z0-9.-]+)");

    private MailAddresses() {
    }

    /** The first character of the local part, then {@code ***}, then the domain. */
    public static String mask(String address) {
        if (address == null) {
            return "(none)";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** Masks every address inside free text, such as an SMTP server's error reply. */
    public static String maskAll(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mask(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
