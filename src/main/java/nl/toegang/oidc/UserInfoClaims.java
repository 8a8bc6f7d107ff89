package nl.toegang.oidc;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Userinfo claims from the account itself, limited to the scopes the access token carries. */
public class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {
    private final AccountRepository accounts;

    public UserInfoClaims(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        String realm = RealmAuthorizationServerContext.requireRealm();
        String subject = context.getAuthorization().getPrincipalName();
        Set<String> scopes = context.getAccessToken().getScopes();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        accounts.findById(realm, subject).ifPresent(account -> addClaims(account, scopes, claims));
        return new OidcUserInfo(claims);
    }

    private static void addClaims(Account account, Set<String> scopes, Map<String, Object> claims) {
        if (scopes.contains(OidcScopes.PROFILE)) {
            claims.put("name", account.name());
            claims.put("locale", account.locale());
        }
        if (scopes.contains(OidcScopes.EMAIL)) {
            claims.put("email", account.email());
            claims.put("email_verified", account.emailVerified());
        }
    }
}
