/**
 * Signing keys per realm (created, published, rotated, retired): startup ensures them, the admin API rotates them,
 * the console and the admin API validate tokens with the published keys.
 */
@NamedInterface("keys")
package nl.toegang.oidc.keys;

import org.springframework.modulith.NamedInterface;
