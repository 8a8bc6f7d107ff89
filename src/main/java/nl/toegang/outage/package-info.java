/**
 * Turns an unreachable database or Redis into a 503 with {@code Retry-After}: a realm-styled page for people and
 * an OAuth error for clients, never an exception or a host name. Knows per node which dependency is down (a breaker
 * per dependency, so a known outage costs milliseconds, not a connection timeout), tells readiness, and keeps an
 * outage to two log lines.
 */
@ApplicationModule(displayName = "Outage handling", allowedDependencies = {"config", "correlation", "pages", "realm"})
package nl.toegang.outage;

import org.springframework.modulith.ApplicationModule;
