/**
 * Recovery codes: the console generates and shows them, the login module's second-factor step accepts one.
 */
@NamedInterface("recovery")
package nl.toegang.mfa.recovery;

import org.springframework.modulith.NamedInterface;
