package nl.toegang.federation.digid;

/**
 * Published when a DigiD answer has been handled, for metrics: the realm and a fixed status word
 * ({@code authenticated}, {@code cancelled}, {@code level_not_met}, {@code failed}); never the person or the reason.
 */
public record DigidLoginFinished(String realm, String status) {

    static DigidLoginFinished of(String realm, DigidResult result) {
        String status;
        if (result instanceof DigidResult.Authenticated) {
            status = "authenticated";
        } else if (result instanceof DigidResult.Cancelled) {
            status = "cancelled";
        } else if (result instanceof DigidResult.LevelNotMet) {
            status = "level_not_met";
        } else {
            status = "failed";
        }
        return new DigidLoginFinished(realm, status);
    }
}
