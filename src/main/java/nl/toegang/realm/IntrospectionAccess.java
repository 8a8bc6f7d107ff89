package nl.toegang.realm;

import java.util.List;
import java.util.Optional;

/**
 * Which tokens a client may learn about at the introspection endpoint, per client ({@code introspection:}).
 * RFC 7662 §4 leaves to the server who may ask; the default keeps a client to its own tokens.
 * <ul>
 *   <li>{@link #OWN_TOKENS}: only tokens issued to this client; about any other token it is told
 *       {@code {"active":false}}, the answer for an unknown token;</li>
 *   <li>{@link #ANY_TOKEN_IN_REALM}: every token of the realm (a resource server that checks tokens of other
 *       clients).</li>
 * </ul>
 */
public enum IntrospectionAccess {
    OWN_TOKENS("own-tokens"), ANY_TOKEN_IN_REALM("any-token-in-realm");

    public static final List<String> NAMES = List.of(OWN_TOKENS.value, ANY_TOKEN_IN_REALM.value);

    private final String value;

    IntrospectionAccess(String value) {
        this.value = value;
    }

    /** The value as written in a realm file. */
    public String value() {
        return value;
    }

    /** The access a realm-file value names; empty for anything else (also the enum constant's Java name). */
    public static Optional<IntrospectionAccess> parse(String value) {
        for (IntrospectionAccess access : values()) {
            if (access.value.equals(value)) {
                return Optional.of(access);
            }
        }
        return Optional.empty();
    }
}
