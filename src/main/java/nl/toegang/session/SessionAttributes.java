package nl.toegang.session;

import org.springframework.session.FindByIndexNameSessionRepository;

/**
 * Names of the attributes that make an HTTP session a realm's SSO session. A browser has one HTTP session per realm
 * ({@link RealmSessionCookies}), so each holds at most one signed-in subject.
 */
public final class SessionAttributes {
    /** The subject (account or federated identity id); also the principal index of the session store. */
    public static final String SUBJECT = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;
    /** The realm the subject signed in to. */
    public static final String REALM = "toegang.session.realm";
    /** {@link java.time.Instant} of the sign-in, for the absolute timeout. */
    public static final String SIGNED_IN_AT = "toegang.session.signed-in-at";
    /** {@link java.time.Instant} of the last request, for the idle timeout (from the injected clock). */
    public static final String LAST_ACTIVITY = "toegang.session.last-activity";
    /** The browser's User-Agent at sign-in, shortened; shown in words on the account page. */
    public static final String USER_AGENT = "toegang.session.user-agent";
    /** How the session was signed in, one word ({@link SignInMethod}); shown in words on the account page. */
    public static final String SIGN_IN_METHOD = "toegang.session.method";
    /** The approximate network of the sign-in ({@link ApproximateNetwork}), never the full address. */
    public static final String NETWORK = "toegang.session.network";

    private SessionAttributes() {
    }
}
