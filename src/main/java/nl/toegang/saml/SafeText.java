package nl.toegang.saml;

import java.util.regex.Pattern;

/**
 * Makes untrusted values fit for exception messages and logs: short, printable, and with any run of nine digits
 * masked, so a BSN that an attacker (or a broken IdP) puts in an unexpected field still never reaches a log.
 */
public final class SafeText {
    private static final Pattern NINE_DIGITS = Pattern.compile("\\d{9}");
    private static final int MAX = 120;

    private SafeText() {
    }

    public static String quote(String value) {
        if (value == null) {
            return "(absent)";
        }
        String s = value.length() > MAX ? value.substring(0, MAX) + "…" : value;
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        String quoted = b.append('\'').toString();
        return NINE_DIGITS.matcher(quoted).replaceAll("*********");
    }
}
