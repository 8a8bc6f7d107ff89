package nl.toegang.console;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;

/**
 * The account console's own sign-in in one browser, taken from an ID token it validated ({@link ConsoleIdTokens}).
 * Only claims are kept, never the token. Valid only while {@code sid} names the live realm session of this browser
 * ({@link ConsoleLogins#current}).
 *
 * @param subject  {@code sub}: the account id (the console gets the local id, oidc.SubjectIdentifiers)
 * @param sid      {@code sid}: the realm session the login was made in
 * @param authTime {@code auth_time}: when the person last signed in with the realm's factors
 * @param acr      {@code acr} of that sign-in
 * @param amr      {@code amr} of that sign-in (ArrayList: stored in the HTTP session)
 */
public record ConsoleLogin(String subject, String sid, Instant authTime, String acr, ArrayList<String> amr)
        implements Serializable {

    public ConsoleLogin {
        amr = amr == null ? new ArrayList<>() : new ArrayList<>(amr);
    }
}
