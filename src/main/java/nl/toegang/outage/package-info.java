/**
 * Turns an unreachable database or Redis into a 503 with {@code Retry-After}: a realm-styled page for people and
 * an OAuth error for clients, never an exception or a host name.
 */
@ApplicationModule(displayName = "Outage handling", allowedDependencies = {"correlation", "pages", "realm"})
package nl.toegang.outage;

import org.springframework.modulith.ApplicationModule;
