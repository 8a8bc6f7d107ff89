/**
 * XML signatures and decryption for SAML messages (enveloped signing and verification, algorithms, credentials):
 * used by the DigiD broker for its SP metadata and keys.
 */
@NamedInterface("crypto")
package nl.toegang.saml.crypto;

import org.springframework.modulith.NamedInterface;
