/**
 * Password reset links and the {@code PasswordWasReset} event: the admin API sends reset links, sessions end and
 * metrics count on the event.
 */
@NamedInterface("reset")
package nl.toegang.account.reset;

import org.springframework.modulith.NamedInterface;
