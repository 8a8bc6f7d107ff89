package nl.toegang.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Server-wide settings ({@code toegang.*}). Realm-specific settings live in the realm files.
 *
 * @param dataDir     where the embedded default keeps its H2 database and generated master key (default ./data)
 * @param realmsDir   directory of {@code *.yaml} realm files to import on start (default ./realms)
 * @param publicUrl   the URL people and relying parties use to reach this server; issuers are derived from it.
 *                    Default {@code http://localhost:${server.port}}
 * @param masterKey   base64 of 32 random bytes; encrypts private keys and secrets at rest. When empty, the embedded
 *                    default generates {@code master.key} in the data dir; the prod profile refuses to start.
 * @param keyCacheTtl how long a node caches realm signing keys before re-reading them (rotation on one node is
 *                    seen by all others within this time)
 * @param production  true in the prod profile: refuses development settings (weak secrets, generated master key)
 */
@Validated
@ConfigurationProperties("toegang")
public record ToegangProperties(
        @NotNull Path dataDir,
        @NotNull Path realmsDir,
        @NotNull String publicUrl,
        String masterKey,
        @NotNull Duration keyCacheTtl,
        boolean production) {
}
