/**
 * The master key, keyed hashes and one-time secrets: encryption of secrets at rest and the hashes under which
 * tokens, codes and identifiers are stored. The lowest layer; it uses no other module.
 */
@ApplicationModule(displayName = "Crypto", allowedDependencies = {})
package nl.toegang.crypto;

import org.springframework.modulith.ApplicationModule;
