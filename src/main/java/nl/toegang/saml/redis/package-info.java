/**
 * The Redis-backed assertion replay cache, chosen by the DigiD broker's configuration when sessions live in Redis.
 */
@NamedInterface("redis")
package nl.toegang.saml.redis;

import org.springframework.modulith.NamedInterface;
