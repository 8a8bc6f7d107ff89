/**
 * Password policy per realm, the verdict on a chosen password and its strength: used by the console's
 * change-password page.
 */
@NamedInterface("password")
package nl.toegang.account.password;

import org.springframework.modulith.NamedInterface;
