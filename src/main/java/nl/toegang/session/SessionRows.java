package nl.toegang.session;

import nl.toegang.config.LocalTimeProperties;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;

/** The account page's list of sessions, ready for the template: device in words, activity rounded. */
@Component
public class SessionRows {
    private final SsoSessions sessions;
    /** The sign-in time is shown in the service's local time (toegang.local-time.zone). */
    private final LocalTimeProperties localTime;
    private final Clock clock;

    public SessionRows(SsoSessions sessions, LocalTimeProperties localTime, Clock clock) {
        this.localTime = localTime;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * One row. {@code activityKey} is a message key ({@code sessions.activity.*}) taking {@code activityAmount}, so
     * "5 minutes ago" is written in the page's language; approximate on purpose (the exact instant adds nothing).
     * {@code signedIn} is the sign-in time in the local zone, written in the page's language; {@code methodKey} a message
     * key naming how ({@code sessions.method.*}); {@code network} the approximate network, empty when unknown. With
     * these, two sessions in the same browser on the same system can still be told apart.
     */
    public record Row(String sid, String browser, String system, String activityKey, long activityAmount,
                      String signedIn, String methodKey, String network, boolean current) {
    }

    public List<Row> rows(String realm, String subject, String currentSessionId) {
        Instant now = clock.instant();
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale()).withZone(localTime.zone());
        return sessions.list(realm, subject, currentSessionId).stream().map(s -> {
            Device device = Device.of(s.userAgent());
            Duration ago = Duration.between(s.lastActivity(), now);
            String key;
            long amount;
            if (ago.toMinutes() < 1) {
                key = "sessions.activity.now";
                amount = 0;
            } else if (ago.toHours() < 1) {
                key = "sessions.activity.minutes";
                amount = ago.toMinutes();
            } else if (ago.toDays() < 1) {
                key = "sessions.activity.hours";
                amount = ago.toHours();
            } else {
                key = "sessions.activity.days";
                amount = ago.toDays();
            }
            String method = s.method().isEmpty() ? "other" : s.method();
            return new Row(s.sid(), device.browser().orElse(null), device.system().orElse(null), key, amount,
                    when.format(s.signedInAt()), "sessions.method." + method, s.network(), s.current());
        }).toList();
    }
}
