/**
 * Second factors: TOTP ({@code totp}) and recovery codes ({@code recovery}). Domain services take a realm and an
 * account id and answer with typed outcomes; storage sits behind interfaces with JDBC, Redis and in-memory adapters.
 * Nothing here logs or prints a secret or a code.
 */
package nl.toegang.mfa;
