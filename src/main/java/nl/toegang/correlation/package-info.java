/**
 * The correlation id of a request ({@code X-Request-Id} in and out, in every log line and audit event), so that
 * everything about one request can be found together.
 */
@ApplicationModule(displayName = "Correlation ids", allowedDependencies = {})
package nl.toegang.correlation;

import org.springframework.modulith.ApplicationModule;
