/**
 * The realm model and its files: reading and validating the realm YAML (clients, DigiD, lockout, MFA, texts,
 * maintenance, users) into typed definitions, and the registry of the realms this server runs.
 */
@ApplicationModule(displayName = "Realms", allowedDependencies = {"config", "saml"})
package nl.toegang.realm;

import org.springframework.modulith.ApplicationModule;
