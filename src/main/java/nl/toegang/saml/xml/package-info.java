/**
 * Hardened XML parsing and writing for SAML (no DTDs or external entities, namespaces): used by the DigiD broker
 * to read artifact responses and logout messages and to write its metadata.
 */
@NamedInterface("xml")
package nl.toegang.saml.xml;

import org.springframework.modulith.NamedInterface;
