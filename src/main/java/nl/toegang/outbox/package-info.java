/**
 * The shared mechanics of a durable outbox table that several nodes work on (claim, retry, release); the mail
 * outbox and the back-channel logout outbox build on it.
 */
@ApplicationModule(displayName = "Outbox", allowedDependencies = {})
package nl.toegang.outbox;

import org.springframework.modulith.ApplicationModule;
