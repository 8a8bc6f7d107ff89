package nl.toegang.realm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a second factor is part of signing in, per realm ({@code settings.mfa}) or per client ({@code mfa}).
 * <ul>
 *   <li>{@link #OFF}: password only; second factors are neither offered nor asked;</li>
 *   <li>{@link #OPTIONAL}: people may enrol one; once enrolled it is asked at every login;</li>
 *   <li>{@link #REQUIRED}: every login needs one; an account without one is led through enrolment first.</li>
 * </ul>
 */
public enum MfaPolicy {
    OFF, OPTIONAL, REQUIRED;

    public static final List<String> NAMES = List.of("off", "optional", "required");

    public static Optional<MfaPolicy> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "off" -> Optional.of(OFF);
            case "optional" -> Optional.of(OPTIONAL);
            case "required" -> Optional.of(REQUIRED);
            default -> Optional.empty();
        };
    }

    /** Name as written in realm files. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
