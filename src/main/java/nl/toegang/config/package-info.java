/**
 * Typed server configuration ({@code toegang.*}), the public URL, Redis wiring and the beans every capability
 * shares (clock, randomness, master key), plus the startup check that refuses unsafe production settings.
 */
@ApplicationModule(displayName = "Configuration", allowedDependencies = {"crypto"})
package nl.toegang.config;

import org.springframework.modulith.ApplicationModule;
