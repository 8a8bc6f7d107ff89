package nl.toegang.realm;

import java.time.Instant;
import java.util.Optional;

/**
 * A realm in maintenance: new sign-ins are refused with a clear page (503 with Retry-After) and relying parties get
 * {@code temporarily_unavailable}; people who are already signed in and token refresh keep working unless
 * {@code blockSignedIn} is set.
 *
 * @param messageNl     what people see, in Dutch
 * @param messageEn     what people see, in English
 * @param until         expected end, shown on pages and sent as Retry-After
 * @param blockSignedIn also refuse SSO for signed-in browsers and token refresh
 */
public record Maintenance(String messageNl, String messageEn, Optional<Instant> until, boolean blockSignedIn) {

    public String message(String language) {
        return "en".equals(language) ? messageEn : messageNl;
    }
}
