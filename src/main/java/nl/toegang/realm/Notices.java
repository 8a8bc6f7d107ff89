package nl.toegang.realm;

/**
 * Which security notices a realm emails to its account holders ({@code notices:} in the realm file).
 *
 * @param newDeviceEmail a completed sign-in of an email account from a browser that account has not used before
 *                       sends the account holder an email (default on); DigiD logins never do (no address)
 */
public record Notices(boolean newDeviceEmail) {

    public static Notices defaults() {
        return new Notices(true);
    }
}
