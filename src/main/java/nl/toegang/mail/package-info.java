/**
 * Outgoing mail: templates rendered per realm and language, queued in a durable outbox with bodies encrypted
 * at rest, and delivered over SMTP with retries; a development mailbox under {@code dev}.
 */
@ApplicationModule(displayName = "Mail", allowedDependencies = {"config", "crypto", "outbox"})
package nl.toegang.mail;

import org.springframework.modulith.ApplicationModule;
