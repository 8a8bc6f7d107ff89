/**
 * The security filter chain for pages people see, the password login page and the root address's home page;
 * protocol endpoints have their own chain in {@code oidc}, the admin API in {@code admin}.
 */
@ApplicationModule(displayName = "Web security and login page", allowedDependencies = {
        "account", "config", "console", "lockout", "oidc", "pages", "realm", "session"
})
package nl.toegang.web;

import org.springframework.modulith.ApplicationModule;
