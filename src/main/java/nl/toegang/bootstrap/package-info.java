/**
 * What runs at startup and on a schedule across modules: applying the realm files to the database (signing keys,
 * declared users and their staff roles) and rotating signing keys when due.
 */
@ApplicationModule(displayName = "Startup", allowedDependencies = {"account", "config", "oidc :: keys", "realm"})
package nl.toegang.bootstrap;

import org.springframework.modulith.ApplicationModule;
