package nl.toegang.lockout;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Normalises a client address into the unit IP limits are counted on: an IPv4 address, or the /64 prefix of an IPv6
 * address (one subscriber usually owns a whole /64, so counting single IPv6 addresses would be trivial to evade).
 */
public final class IpBucket {

    // Only literals reach InetAddress, so parsing never triggers a DNS lookup.
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpBucket() {
    }

    public static String of(String ip) {
        if (ip == null) {
            throw new IllegalArgumentException("ip must not be null");
        }
        String literal = ip.strip();
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!LITERAL.matcher(literal).matches()) {
            throw new IllegalArgumentException("not an IP literal: " + ip);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        }
        throw new IllegalArgumentException("not an IP literal: " + ip);
    }
}
