package nl.toegang.console;

/**
 * A sensitive change was asked for without a recent sign-in. The console answers by sending the browser through the
 * authorization endpoint with {@code max_age} and back to the console page; the person then repeats the change (a
 * POST is never replayed).
 */
public class ReauthenticationRequired extends RuntimeException {
    private final String realm;

    public ReauthenticationRequired(String realm) {
        super("a recent sign-in is needed", null, false, false);
        this.realm = realm;
    }

    public String realm() {
        return realm;
    }
}
