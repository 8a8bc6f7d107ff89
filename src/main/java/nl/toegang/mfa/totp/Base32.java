package nl.toegang.mfa.totp;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 §6 Base32 without padding, the encoding authenticator apps expect for a typed or scanned TOTP key.
 * Decoding is forgiving about what people type (lower case, spaces, dashes, trailing '=') and strict about anything
 * else; error messages never quote the input, because the input is a secret.
 */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException for characters outside the alphabet or an impossible length */
    public static byte[] decode(String text) {
        String s = text.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        int remainder = end % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException("not valid Base32: impossible length");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < end; i++) {
            int value = valueOf(s.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not valid Base32: character outside A-Z, 2-7 at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    private static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        return -1;
    }
}
