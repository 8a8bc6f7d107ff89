package nl.toegang.realm;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in realm files: {@code 30s}, {@code 5m}, {@code 8h}, {@code 90d} or ISO-8601. */
final class DurationFormat {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})([smhd])");

    static final String EXPECTED = "write e.g. 30s, 5m, 8h, 90d or ISO-8601 such as PT5M";

    private DurationFormat() {
    }

    /** Short human form for messages: 1h, 30d, 90s. */
    static String describe(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** @return empty when the text is not a duration in either form */
    static Optional<Duration> parse(String text) {
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return Optional.of(switch (simple.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
