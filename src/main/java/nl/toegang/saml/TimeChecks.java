package nl.toegang.saml;

import nl.toegang.saml.xml.Dom;
import org.w3c.dom.Element;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Time comparisons with one bounded skew, read from one injected clock. */
final class TimeChecks {
    private final Clock clock;
    private final Duration skew;
    private final Duration maxMessageAge;

    TimeChecks(Clock clock, SamlValidationSettings settings) {
        this.clock = clock;
        this.skew = settings.clockSkew();
        this.maxMessageAge = settings.maxMessageAge();
    }

    Instant now() {
        return clock.instant();
    }

    Duration skew() {
        return skew;
    }

    /** IssueInstant is required, not in the future and not older than the allowed message age. */
    Instant issueInstant(Element element, String step) {
        Instant issued = Dom.instant(Dom.requiredAttribute(element, "IssueInstant", step), "IssueInstant", step);
        Instant now = now();
        if (issued.isAfter(now.plus(skew))) {
            throw new SamlValidationException(SamlReason.STALE_MESSAGE,
                    step + ": " + element.getLocalName() + " IssueInstant lies in the future");
        }
        if (issued.isBefore(now.minus(maxMessageAge).minus(skew))) {
            throw new SamlValidationException(SamlReason.STALE_MESSAGE,
                    step + ": " + element.getLocalName() + " IssueInstant is older than " + maxMessageAge);
        }
        return issued;
    }

    void notBefore(Instant notBefore, String what, String step) {
        if (notBefore.isAfter(now().plus(skew))) {
            throw new SamlValidationException(SamlReason.NOT_YET_VALID, step + ": " + what + " lies in the future");
        }
    }

    void notOnOrAfter(Instant notOnOrAfter, String what, String step) {
        if (!now().minus(skew).isBefore(notOnOrAfter)) {
            throw new SamlValidationException(SamlReason.EXPIRED, step + ": " + what + " has passed");
        }
    }
}
