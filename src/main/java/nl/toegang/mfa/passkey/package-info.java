/**
 * Passkeys (WebAuthn credentials) per account and the registration and assertion ceremonies: the console lists,
 * renames and removes them.
 */
@NamedInterface("passkey")
package nl.toegang.mfa.passkey;

import org.springframework.modulith.NamedInterface;
