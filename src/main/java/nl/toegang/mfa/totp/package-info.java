/**
 * TOTP authenticator apps: enrolment (secret, QR code, confirmation) for the console, verification with replay
 * protection for the login module's second-factor step.
 */
@NamedInterface("totp")
package nl.toegang.mfa.totp;

import org.springframework.modulith.NamedInterface;
