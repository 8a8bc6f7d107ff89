package nl.toegang.oidc;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.federation.digid.FederatedIdentities;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

import org.springframework.security.core.Authentication;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Userinfo claims from the account itself, limited to the scopes the access token carries. */
public class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {
    private final AccountRepository accounts;
    private final SubjectIdentifiers subjects;
    private final FederatedIdentities identities;

    public UserInfoClaims(AccountRepository accounts, SubjectIdentifiers subjects, FederatedIdentities identities) {
        this.accounts = accounts;
        this.subjects = subjects;
        this.identities = identities;
    }

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        String realm = RealmAuthorizationServerContext.requireRealm();
        String subject = context.getAuthorization().getPrincipalName();
        Set<String> scopes = context.getAccessToken().getScopes();
        Map<String, Object> claims = new LinkedHashMap<>();
        Authentication principal = context.getAuthorization().getAttribute(Principal.class.getName());
        String clientId = context.getAuthorization().getRegisteredClientId().substring(realm.length() + 1);
        claims.put("sub", subjects.subjectFor(realm, clientId, principal)); // the same sub as in the tokens
        if (FederatedTokenClaims.isFederated(principal)) {
            // Federated identities: the pairwise sub, and what an upstream provider vouched for by scope. The BSN is
            // never served here (userinfo is not encrypted).
            claims.putAll(FederatedTokenClaims.released(identities.claims(realm, subject), scopes));
            return new OidcUserInfo(claims);
        }
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
