/**
 * Single sign-on sessions per realm: signing a person in and out, the session store (memory or Redis), the list of
 * sessions a person sees and can end, and ending sessions when a password is reset or an account changes hands.
 */
@ApplicationModule(displayName = "Sessions", allowedDependencies = {
        "account", "account :: reset", "audit", "config", "lockout", "pages", "realm"
})
package nl.toegang.session;

import org.springframework.modulith.ApplicationModule;
