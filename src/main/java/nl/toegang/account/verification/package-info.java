/**
 * Email verification links and their store: used by the console when a person changes their email address.
 */
@NamedInterface("verification")
package nl.toegang.account.verification;

import org.springframework.modulith.NamedInterface;
