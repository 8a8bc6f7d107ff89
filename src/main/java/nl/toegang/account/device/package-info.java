/**
 * Known devices and new-device notices: used by the login completion to tell a person about a sign-in from a
 * browser not seen before.
 */
@NamedInterface("device")
package nl.toegang.account.device;

import org.springframework.modulith.NamedInterface;
