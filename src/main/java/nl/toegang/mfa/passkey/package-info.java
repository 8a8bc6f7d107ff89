/**
 * Passkeys (WebAuthn credentials) per account and the registration and assertion ceremonies: the console adds,
 * lists, renames and removes them, the login module signs in with them.
 */
@NamedInterface("passkey")
package nl.toegang.mfa.passkey;

import org.springframework.modulith.NamedInterface;
