/**
 * DigiD login and logout per realm and the federated identities they create: the authorization server reads the
 * identity and the DigiD session for claims and logout, the console shows it, metrics count finished logins.
 */
@NamedInterface("digid")
package nl.toegang.federation.digid;

import org.springframework.modulith.NamedInterface;
