package nl.toegang.account.lockout;

import nl.toegang.account.AccountKeys;
import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The keyed name an account's throttle budgets and known devices are stored under (never the address itself). */
@Configuration(proxyBeanMethods = false)
public class AccountKeysConfiguration {

    @Bean
    AccountKeys lockoutAccountKeys(MasterKey masterKey) {
        return new AccountKeys(KeyedHash.derivedFrom(masterKey, "lockout-account"));
    }
}
