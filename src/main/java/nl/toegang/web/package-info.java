/**
 * The security filter chain for pages people see, the authorization error page and the root address's home page;
 * protocol endpoints have their own chain in {@code oidc}, the admin API in {@code admin}.
 */
@ApplicationModule(displayName = "Web security and pages chain", allowedDependencies = {
        "account", "config", "console", "oidc", "pages", "realm", "session"
})
package nl.toegang.web;

import org.springframework.modulith.ApplicationModule;
