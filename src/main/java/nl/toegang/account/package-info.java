/**
 * Email accounts: storage, password hashing and policy, password login, registration, email verification, password
 * reset, known devices and new-device notices, and the public self-service pages. Sub-packages are internal except
 * the named interfaces {@code device}, {@code password}, {@code verification} and {@code reset}.
 */
@ApplicationModule(displayName = "Accounts", allowedDependencies = {
        "audit", "config", "crypto", "lockout", "mail", "pages", "realm"
})
package nl.toegang.account;

import org.springframework.modulith.ApplicationModule;
