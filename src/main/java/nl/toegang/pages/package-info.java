/**
 * Shared plumbing for realm-styled HTML pages: messages and texts per realm and language, security headers, the
 * resume target after a login and the handling of stale forms. Features render their pages through it.
 */
@ApplicationModule(displayName = "Page infrastructure", allowedDependencies = {"config", "realm"})
package nl.toegang.pages;

import org.springframework.modulith.ApplicationModule;
