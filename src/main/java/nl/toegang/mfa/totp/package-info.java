/**
 * TOTP authenticator apps: enrolment (secret, QR code, confirmation) for the console, verification with replay
 * protection for the second-factor step.
 */
@NamedInterface("totp")
package nl.toegang.mfa.totp;

import org.springframework.modulith.NamedInterface;
