/**
 * Brute-force defence: per-account lockout, per-IP and per-identifier throttles, device cookies that exempt known
 * browsers, and the in-memory and Redis stores behind them.
 */
@ApplicationModule(displayName = "Lockout and throttling", allowedDependencies = {"crypto", "realm"})
package nl.toegang.lockout;

import org.springframework.modulith.ApplicationModule;
