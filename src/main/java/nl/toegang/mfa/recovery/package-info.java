/**
 * Recovery codes: the console generates and shows them.
 */
@NamedInterface("recovery")
package nl.toegang.mfa.recovery;

import org.springframework.modulith.NamedInterface;
