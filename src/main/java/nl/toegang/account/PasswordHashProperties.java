package nl.toegang.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Argon2id parameters ({@code toegang.password-hash.*}). Defaults follow OWASP's minimum for Argon2id:
 * m=19 MiB, t=2, p=1. Each hash stores its own parameters, so changing these rehashes passwords at next login.
 *
 * @param memoryKib   memory cost in KiB (default 19456)
 * @param iterations  time cost (default 2)
 * @param parallelism lanes (default 1)
 * @param maxPasswordBytes longest accepted password in UTF-8 bytes, so hashing cannot be abused (default 1024)
 */
@Validated
@ConfigurationProperties("toegang.password-hash")
public record PasswordHashProperties(
        @Min(8192) @Max(1048576) int memoryKib,
        @Min(1) @Max(20) int iterations,
        @Min(1) @Max(16) int parallelism,
        @Min(64) @Max(4096) int maxPasswordBytes) {

    public PasswordHashProperties {
        memoryKib = memoryKib == 0 ? 19456 : memoryKib;
        iterations = iterations == 0 ? 2 : iterations;
        parallelism = parallelism == 0 ? 1 : parallelism;
        maxPasswordBytes = maxPasswordBytes == 0 ? 1024 : maxPasswordBytes;
    }
}
