package nl.toegang.session;

import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The account page's list of sessions, ready for the template: device in words, activity rounded. */
@Component
public class SessionRows {
    private final SsoSessions sessions;
    private final Clock clock;

    public SessionRows(SsoSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * One row. {@code activityKey} is a message key ({@code sessions.activity.*}) taking {@code activityAmount}, so
     * "5 minutes ago" is written in the page's language; approximate on purpose (the exact instant adds nothing).
     */
    public record Row(String sid, String browser, String system, String activityKey, long activityAmount,
                      boolean current) {
    }

    public List<Row> rows(String realm, String subject, String currentSessionId) {
        Instant now = clock.instant();
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
            return new Row(s.sid(), device.browser().orElse(null), device.system().orElse(null), key, amount,
                    s.current());
        }).toList();
    }
}
