/**
 * The append-only audit log of security events: writing them (database and log line), querying them for the admin
 * API and the console, and deleting them after the retention period.
 */
@ApplicationModule(displayName = "Audit log", allowedDependencies = {"correlation"})
package nl.toegang.audit;

import org.springframework.modulith.ApplicationModule;
