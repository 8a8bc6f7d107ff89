package nl.toegang.oidc;

import nl.toegang.mfa.PendingLogin;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.mfa.MfaRequirements;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.AccountKeys;
import nl.toegang.mfa.AssuranceLevel;
import nl.toegang.mfa.Factors;
import nl.toegang.mfa.MfaRequirements;
import nl.toegang.mfa.PendingLogin;
import nl.toegang.mfa.PendingLogins;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.oidc.AuthorizationResponseHandlers;
import nl.toegang.oidc.RegisteredRedirect;
import nl.toegang.oidc.par.PushedParameters;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.RealmRequestCache;
import nl.toegang.session.RealmSignIn;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs before Spring Authorization Server's authorization endpoint, which knows nothing of {@code prompt=login},
 * {@code max_age} or {@code acr_values}. For a browser that already has a realm session it decides, in order:
 * <ol>
 *   <li>{@code prompt=login}, or a session older than {@code max_age}: sign in again (login page), then come back to
 *       the same authorization request;</li>
 *   <li>the client's MFA policy or the requested acr needs more than the session has: step up with a second factor
 *       (or enrol one first), keeping the password factor, then come back.</li>
 * </ol>
 * With {@code prompt=none} neither happens: the client gets {@code login_required} or {@code interaction_required}
 * at its registered redirect URI instead of the person getting a page (OIDC Core §3.1.2.6). Runs after the realm's
 * issuer is set ({@code RealmIssuerFilter}), which that error response carries.
 * Sessions without a session, or that already satisfy the request, pass untouched. After the extra step
 * {@link RealmSignIn} renews the session id. For a pushed request ({@code request_uri}, RFC 9126) the pushed
 * parameters count, never the query ({@link PushedParameters}).
 */
public class AuthorizationRequirementFilter extends OncePerRequestFilter {
    /** When a forced re-login started; a session authenticated after it satisfies prompt=login and max_age. */
    static final String REAUTH_PREFIX = "TOEGANG_REAUTH_SINCE:";

    private final RealmRegistry realms;
    private final AccountRepository accounts;
    private final SecondFactors secondFactors;
    private final PendingLogins pendingLogins;
    private final RealmRequestCache requests;
    private final AccountKeys accountKeys;
    private final PushedParameters pushedParameters;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public AuthorizationRequirementFilter(RealmRegistry realms, AccountRepository accounts,
                                          SecondFactors secondFactors, PendingLogins pendingLogins,
                                          RealmRequestCache requests, AccountKeys accountKeys,
                                          PushedParameters pushedParameters, Clock clock) {
        this.realms = realms;
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.pendingLogins = pendingLogins;
        this.requests = requests;
        this.accountKeys = accountKeys;
        this.pushedParameters = pushedParameters;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // An authorization request has a response_type, or a request_uri that stands for a pushed one.
        return !request.getRequestURI().endsWith("/oauth2/authorize") || request.getParameter("response_type") == null
                && request.getParameter("request_uri") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<RealmDefinition> realm = RealmPaths.realmName(request).flatMap(realms::find);
        Authentication authentication = holder.getContext().getAuthentication();
        if (realm.isEmpty() || authentication == null || !authentication.isAuthenticated()
                || authentication.getAuthorities().stream().noneMatch(a -> a.getAuthority().equals(
                        RealmSignIn.REALM_AUTHORITY_PREFIX + realm.get().name()))) {
            chain.doFilter(request, response);
            return;
        }
        String realmName = realm.get().name();
        Instant authenticatedAt = authentication.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
                .max(Instant::compareTo).orElse(Instant.EPOCH);
        PushedParameters.Parameters parameters = pushedParameters.of(request);
        Set<String> factors = authentication.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(a -> a.getAuthority()).collect(Collectors.toSet());
        if (isSilent(parameters)) {
            Optional<String> interaction = interactionNeeded(realm.get(), parameters, authenticatedAt, factors);
            if (interaction.isPresent()) {
                answerClient(request, response, parameters, interaction.get());
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (mustSignInAgain(request, parameters, realmName, authenticatedAt)) {
            requests.saveRequest(request, response);
            response.sendRedirect(request.getContextPath() + "/realms/" + realmName + "/login");
            return;
        }
        int has = AssuranceLevel.of(factors).map(AssuranceLevel::rank).orElse(0);
        if (has < requiredRank(realm.get(), parameters)) {
            Optional<String> next = stepUp(realm.get(), authentication, factors, request, parameters);
            if (next.isPresent()) {
                requests.saveRequest(request, response);
                response.sendRedirect(request.getContextPath() + next.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isSilent(PushedParameters.Parameters parameters) {
        String prompt = parameters.get("prompt");
        return prompt != null && Arrays.asList(prompt.trim().split("\\s+")).contains("none");
    }

    /**
     * For {@code prompt=none} (OIDC Core §3.1.2.6): the error to answer when the request would show the person a
     * page, mirroring the interactive checks below: {@code login_required} for a session older than
     * {@code max_age}, {@code interaction_required} for a second factor (or its enrolment) the session lacks.
     */
    private Optional<String> interactionNeeded(RealmDefinition realm, PushedParameters.Parameters parameters,
                                               Instant authenticatedAt, Set<String> factors) {
        boolean tooOld = maxAge(parameters).map(age -> Duration.between(authenticatedAt, clock.instant())
                .compareTo(age) > 0).orElse(false);
        if (tooOld) {
            return Optional.of("login_required");
        }
        int has = AssuranceLevel.of(factors).map(AssuranceLevel::rank).orElse(0);
        if (has < requiredRank(realm, parameters) && factors.contains(Factors.PASSWORD)) {
            return Optional.of("interaction_required");
        }
        return Optional.empty();
    }

    /** The error goes to the client's registered redirect URI with state and iss, else to the error page. */
    private void answerClient(HttpServletRequest request, HttpServletResponse response,
                              PushedParameters.Parameters parameters, String errorCode) throws IOException {
        String redirectUri = RegisteredRedirect.orNull(realms, parameters.get("client_id"),
                parameters.get("redirect_uri"));
        AuthorizationResponseHandlers.sendError(request, response, redirectUri, parameters.get("state"),
                new OAuth2Error(errorCode, "prompt=none, but the request needs the person to sign in or act", null));
    }

    private boolean mustSignInAgain(HttpServletRequest request, PushedParameters.Parameters parameters, String realm,
                                    Instant authenticatedAt) {
        Instant now = clock.instant();
        String prompt = parameters.get("prompt");
        boolean promptLogin = prompt != null && Arrays.asList(prompt.split(" ")).contains("login");
        boolean tooOld = maxAge(parameters).map(age -> Duration.between(authenticatedAt, now).compareTo(age) > 0)
                .orElse(false);
        if (!promptLogin && !tooOld) {
            return false;
        }
        HttpSession session = request.getSession();
        // Keyed by the request itself: only the same authorization request, coming back after a login that happened
        // after the marker, is satisfied; an abandoned marker cannot excuse another request.
        String attribute = REAUTH_PREFIX + realm + ":" + requestKey(parameters);
        if (session.getAttribute(attribute) instanceof Instant since && !authenticatedAt.isBefore(since)) {
            session.removeAttribute(attribute);
            return false;
        }
        session.setAttribute(attribute, now);
        return true;
    }

    private static String requestKey(PushedParameters.Parameters parameters) {
        return String.join("|", String.valueOf(parameters.get("client_id")),
                String.valueOf(parameters.get("state")), String.valueOf(parameters.get("nonce")),
                String.valueOf(parameters.get("code_challenge")), String.valueOf(parameters.requestUri()));
    }

    private static Optional<Duration> maxAge(PushedParameters.Parameters parameters) {
        String value = parameters.get("max_age");
        if (value == null || !value.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    private static int requiredRank(RealmDefinition realm, PushedParameters.Parameters parameters) {
        String clientId = parameters.get("client_id");
        return MfaRequirements.secondFactorRequired(realm, clientId, parameters.get("acr_values"))
                ? AssuranceLevel.MFA.rank() : 0;
    }

    /** Starts the second step for a password session; empty when the session has no password to build on. */
    private Optional<String> stepUp(RealmDefinition realm, Authentication authentication, Set<String> factors,
                                    HttpServletRequest request, PushedParameters.Parameters parameters) {
        if (!factors.contains(Factors.PASSWORD) || MfaRequirements.policy(realm,
                parameters.get("client_id")) == MfaPolicy.OFF) {
            return Optional.empty();
        }
        Optional<Account> account = accounts.findById(realm.name(), authentication.getName());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Instant passwordAt = authentication.getAuthorities().stream()
                .filter(a -> a instanceof FactorGrantedAuthority && a.getAuthority().equals(Factors.PASSWORD))
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt()).findFirst().orElseThrow();
        String accountKey = accountKeys.of(realm.name(), account.get().email());
        boolean enrolled = secondFactors.any(realm.name(), account.get().id());
        pendingLogins.start(request, new PendingLogin(realm.name(), account.get().id(), accountKey,
                passwordAt, clock.instant(), enrolled ? PendingLogin.Step.SECOND_FACTOR : PendingLogin.Step.ENROL));
        return Optional.of("/realms/" + realm.name() + (enrolled ? "/login/second-factor" : "/login/enrol"));
    }
}
