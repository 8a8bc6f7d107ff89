package nl.toegang.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network a browser signed in from, coarse enough that it is not the address: IPv4 keeps its first two octets
 * ({@code 192.168.x.x}), IPv6 its first 48 bits ({@code 2001:db8:1::/48}). Enough to tell "home" from "work" in the
 * list of sessions; the full address never reaches a session attribute or a page.
 */
public final class ApproximateNetwork {
    // Only IP literals are parsed, so InetAddress.getByName never looks anything up in DNS.
    private static final Pattern LITERAL = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private ApproximateNetwork() {
    }

    /** The approximate network of {@code address} (a {@code getRemoteAddr()} literal); empty when it is not one. */
    public static Optional<String> of(String address) {
        if (address == null || !LITERAL.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            byte[] b = parsed.getAddress();
            if (parsed instanceof Inet4Address) {
                return Optional.of((b[0] & 0xff) + "." + (b[1] & 0xff) + ".x.x");
            }
            if (parsed instanceof Inet6Address) {
                return Optional.of(Integer.toHexString(((b[0] & 0xff) << 8) | (b[1] & 0xff)) + ":"
                        + Integer.toHexString(((b[2] & 0xff) << 8) | (b[3] & 0xff)) + ":"
                        + Integer.toHexString(((b[4] & 0xff) << 8) | (b[5] & 0xff)) + "::/48");
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
