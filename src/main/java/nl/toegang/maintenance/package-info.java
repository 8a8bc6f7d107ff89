/**
 * Maintenance windows per realm: the realm file's setting overridden by the admin API's, the filter that answers
 * with a maintenance page or OAuth error, and the public status endpoint.
 */
@ApplicationModule(displayName = "Maintenance mode", allowedDependencies = {
        "config", "oidc", "outage", "pages", "realm", "session"
})
package nl.toegang.maintenance;

import org.springframework.modulith.ApplicationModule;
