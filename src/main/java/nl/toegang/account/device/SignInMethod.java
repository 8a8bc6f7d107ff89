package nl.toegang.account.device;

/** How a completed email-account sign-in was made, as the new-device notice tells it. */
public enum SignInMethod {
    PASSWORD,
    PASSWORD_AND_SECOND_FACTOR,
    PASSKEY;

    /** Message key suffix: {@code mail.new-device.how.password} and so on. */
    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
