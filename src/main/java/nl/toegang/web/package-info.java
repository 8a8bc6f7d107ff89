/**
 * The security filter chain for pages people see and the password login page; protocol endpoints have their own
 * chain in {@code oidc}, the admin API in {@code admin}.
 */
@ApplicationModule(displayName = "Web security and login page", allowedDependencies = {
        "account", "console", "lockout", "oidc", "pages", "realm", "session"
})
package nl.toegang.web;

import org.springframework.modulith.ApplicationModule;
