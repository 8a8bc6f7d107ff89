package nl.toegang.console;

/**
 * A console action that exists only for email accounts (profile, email, password, second factors, passkeys) was
 * asked for by a federated identity: DigiD (or the upstream provider) manages those, so nothing is done and the
 * browser gets a 403 page.
 */
public class EmailAccountOnly extends RuntimeException {
    private final String realm;
    private final String provider;

    public EmailAccountOnly(String realm) {
        this(realm, null);
    }

    /** @param provider the upstream provider that manages these (its display name); null for DigiD */
    public EmailAccountOnly(String realm, String provider) {
        super("email-account-only console action refused for a federated identity", null, false, false);
        this.realm = realm;
        this.provider = provider;
    }

    public String realm() {
        return realm;
    }

    /** The upstream provider's display name, or null when the identity is DigiD's. */
    public String provider() {
        return provider;
    }
}
