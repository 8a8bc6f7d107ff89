package nl.toegang.console;

/**
 * A console action that exists only for email accounts (profile, email, password, second factors, passkeys) was
 * asked for by a DigiD identity: DigiD manages those, so nothing is done and the browser gets a 403 page.
 */
public class EmailAccountOnly extends RuntimeException {
    private final String realm;

    public EmailAccountOnly(String realm) {
        super("email-account-only console action refused for a federated identity", null, false, false);
        this.realm = realm;
    }

    public String realm() {
        return realm;
    }
}
