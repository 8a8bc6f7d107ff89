package nl.toegang.federation.upstream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.digid.SpMetadata;
import nl.toegang.federation.web.ClientReturn;
import nl.toegang.account.Account;
import nl.toegang.login.LoginCompletion;
import nl.toegang.login.PendingAccountLink;
import nl.toegang.mfa.MfaRequirements;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.realm.MfaPolicy;
import nl.toegang.login.LoginMethod;
import nl.toegang.login.LoginOutcome;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.session.PostLogoutRedirect;
import nl.toegang.session.RealmLogout;
import nl.toegang.session.RealmRequestCache;
import nl.toegang.session.RealmSignIn;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static nl.toegang.federation.web.ClientReturn.parameter;
import static nl.toegang.federation.web.ClientReturn.seeOther;

/**
 * The endpoints of an upstream OpenID Provider in a realm: the start of a login, our redirect URI (the callback), and
 * the way back to the relying party with an OAuth error when the login did not complete. An upstream is a login
 * method: a verified answer becomes a federated {@link LoginOutcome} that {@link LoginCompletion} turns into a
 * session, as for every other method; this class holds no session, audit or device-notice code of its own.
 */
@Controller
class UpstreamController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UpstreamController.class);
    private static final String ABORT_PREFIX = "TOEGANG_UPSTREAM_ABORT:";
    /** The last outcome page this browser saw (kind), so that its language switch shows the same page. */
    private static final String OUTCOME_PREFIX = "TOEGANG_UPSTREAM_OUTCOME:";
    private static final Map<String, HttpStatus> OUTCOME_STATUS = Map.of("cancelled", HttpStatus.OK,
            "level", HttpStatus.OK, "unavailable", HttpStatus.SERVICE_UNAVAILABLE, "error", HttpStatus.BAD_REQUEST);
    /** A failed or refused answer: for the client an {@code access_denied} with its own description. */
    private static final String FAILED = ClientReturn.FAILED;
    private static final Map<String, String> OUTCOME_ERROR = Map.of("cancelled", "access_denied",
            "level", "unmet_authentication_requirements", "unavailable", "temporarily_unavailable", "error", FAILED);
    /** What the relying party is told (error_description, ASCII per RFC 6749 §4.1.2.1). */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "access_denied", "The person cancelled the sign-in at the identity provider",
            FAILED, "The sign-in at the identity provider could not be completed",
            "unmet_authentication_requirements", "The identity provider could not sign the person in at the level"
                    + " asked for",
            "temporarily_unavailable", "The identity provider could not be reached");

    private final RealmRegistry realms;
    private final UpstreamLogin login;
    private final LoginCompletion completion;
    private final RealmRequestCache requests;
    private final PublicUrl publicUrl;
    private final RealmLogout logout;
    private final ClientKeys clientKeys;
    private final Clock clock;
    private final SamlUpstreamLogin samlLogin;
    private final SamlUpstreams samlUpstreams;
    private final AccountLinking linking;
    private final SecureRandom random;
    private final SecondFactors secondFactors;
    private final SamlUpstreamLogout samlLogout;
    private final ConsoleLinking consoleLinking;

    UpstreamController(RealmRegistry realms, UpstreamLogin login, LoginCompletion completion,
                       RealmRequestCache requests, PublicUrl publicUrl, RealmLogout logout, ClientKeys clientKeys,
                       Clock clock, SamlUpstreamLogin samlLogin, SamlUpstreams samlUpstreams, AccountLinking linking,
                       SecureRandom random, SecondFactors secondFactors, SamlUpstreamLogout samlLogout,
                       ConsoleLinking consoleLinking) {
        this.samlLogout = samlLogout;
        this.consoleLinking = consoleLinking;
        this.secondFactors = secondFactors;
        this.linking = linking;
        this.random = random;
        this.samlLogin = samlLogin;
        this.samlUpstreams = samlUpstreams;
        this.clientKeys = clientKeys;
        this.logout = logout;
        this.realms = realms;
        this.login = login;
        this.completion = completion;
        this.requests = requests;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @GetMapping("/realms/{realm}/upstream/{upstream}/start")
    Object start(@PathVariable String realm, @PathVariable String upstream, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = upstream(definition, upstream);
        SavedRequest saved = requests.getRequest(request, response);
        boolean force = parameter(saved, "prompt").map(p -> List.of(p.trim().split("\\s+")).contains("login"))
                .orElse(false) || parameter(saved, "max_age").isPresent();
        if (settings.type() == UpstreamSettings.Type.SAML) {
            return startSaml(definition, settings, parameter(saved, "acr_values"), force,
                    saved == null ? null : saved.getRedirectUrl(), null, request, response, model);
        }
        return startOidc(definition, settings, parameter(saved, "acr_values"), force,
                saved == null ? null : saved.getRedirectUrl(), null, request, response, model);
    }

    /**
     * The provider's login for a link asked in the account console ({@link ConsoleLinking#begin}, which sends the
     * browser here): always a fresh sign-in at the provider, at the realm's own minimum level (no client asks one),
     * bound to that pending link. Without one in this session (another browser, expired, used): back to the console.
     */
    @GetMapping("/realms/{realm}/upstream/{upstream}/link")
    Object startConsoleLink(@PathVariable String realm, @PathVariable String upstream, HttpServletRequest request,
                            HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = upstream(definition, upstream);
        Optional<PendingConsoleLink> pending = consoleLinking.startable(definition, settings,
                request.getSession(false));
        if (pending.isEmpty()) {
            return toConsole(definition, "account.links.linkExpired", request, response);
        }
        if (settings.type() == UpstreamSettings.Type.SAML) {
            return startSaml(definition, settings, Optional.empty(), true, null, pending.get().id(), request,
                    response, model);
        }
        return startOidc(definition, settings, Optional.empty(), true, null, pending.get().id(), request, response,
                model);
    }

    private Object startOidc(RealmDefinition definition, UpstreamSettings settings, Optional<String> acrValues,
                             boolean force, String authorizeUrl, String consoleLink, HttpServletRequest request,
                             HttpServletResponse response, Model model) {
        UpstreamLogin.Start start = login.start(definition.name(), settings, acrValues, force,
                LocaleContextHolder.getLocale().getLanguage(), redirectUri(definition.name(), settings),
                authorizeUrl, consoleLink, request.getSession());
        if (start instanceof UpstreamLogin.Start.Redirect redirect) {
            response.setHeader("Cache-Control", "no-store");
            return seeOther(redirect.url());
        }
        if (start instanceof UpstreamLogin.Start.LevelNotPossible) {
            return outcomePage(definition, settings, "unmet_authentication_requirements", "level",
                    HttpStatus.OK, request.getSession(), response, model);
        }
        return outcomePage(definition, settings, "temporarily_unavailable", "unavailable",
                HttpStatus.SERVICE_UNAVAILABLE, request.getSession(), response, model);
    }

    /**
     * Our public key for an upstream that authenticates us with {@code private_key_jwt}: the provider fetches it (or
     * the operator registers it there) to check our client assertions. 404 for other upstreams.
     */
    @GetMapping(value = "/realms/{realm}/upstream/{upstream}/jwks", produces = "application/json")
    ResponseEntity<Map<String, Object>> jwks(@PathVariable String realm, @PathVariable String upstream) {
        UpstreamSettings settings = upstream(realm(realm), upstream);
        if (settings.clientAuthentication() != UpstreamSettings.ClientAuthentication.PRIVATE_KEY_JWT) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(clientKeys.publicKeys(settings));
    }

    /** Our redirect URI at the provider (OIDC Core §3.1.2.5 successful, §3.1.2.6 error answers). */
    @GetMapping("/realms/{realm}/upstream/{upstream}/callback")
    Object callback(@PathVariable String realm, @PathVariable String upstream,
                    @RequestParam(required = false) String state, @RequestParam(required = false) String code,
                    @RequestParam(required = false) String iss, @RequestParam(required = false) String error,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = upstream(definition, upstream);
        if (settings.type() != UpstreamSettings.Type.OIDC) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        UpstreamResult result = login.finish(definition.name(), settings, redirectUri(definition.name(), settings),
                new UpstreamLogin.Callback(state, code, iss, error), request.getSession(false));
        return ended(definition, settings, result, request, response, model);
    }

    /** A login through any upstream ended: into the realm session, or the page that says why not. */
    private Object ended(RealmDefinition definition, UpstreamSettings settings, UpstreamResult result,
                         HttpServletRequest request, HttpServletResponse response, Model model) {
        if (result instanceof UpstreamResult.Authenticated ok && ok.consoleLink() != null) {
            // A link asked in the account console: the realm session stays the account's; back to the console.
            ConsoleLinking.Outcome outcome = consoleLinking.finish(definition, settings, ok.consoleLink(),
                    ok.identityId(), request);
            return toConsole(definition, outcome.notice(), request, response);
        }
        if (!(result instanceof UpstreamResult.Authenticated)
                && consoleLinking.abandon(definition.name(), settings, request.getSession(false))) {
            return toConsole(definition, result instanceof UpstreamResult.Cancelled ? "account.links.cancelled"
                    : result instanceof UpstreamResult.LevelNotMet ? "account.links.levelTooLow"
                    : "account.links.linkFailed", request, response);
        }
        if (result instanceof UpstreamResult.Authenticated ok) {
            AccountLinking.Decision decision = linking.decide(definition.name(), settings, ok.identityId());
            if (decision instanceof AccountLinking.Decision.Linked linked) {
                if (secondFactorDue(definition, linked.account().id(), request, response)) {
                    // The provider stands in for the password only: an account whose login needs a second step
                    // (enrolled, or required by the realm or the client) is entered by its own sign-in.
                    log.info("Upstream '{}' login in realm {}: the linked account needs its second step; to its own"
                            + " sign-in", settings.id(), definition.name());
                    return seeOther(request.getContextPath() + "/realms/" + definition.name() + "/login");
                }
                return signInLinked(definition, settings, ok, linked.account().id(), request, response);
            }
            if (decision instanceof AccountLinking.Decision.LinkedRefused refused) {
                // Refused as a password login of that account would be: the same page and wording.
                log.info("Upstream '{}' login in realm {}: the linked account is {}", settings.id(),
                        definition.name(), refused.flag());
                return seeOther(request.getContextPath() + "/realms/" + definition.name() + "/login?"
                        + refused.flag());
            }
            if (decision instanceof AccountLinking.Decision.Offer offer) {
                return offerLink(definition, settings, ok, offer.account(), request, response, model);
            }
            return signInUnlinked(definition, settings, ok, request, response);
        }
        // Post/redirect/get: the page is a GET of its own, so a reload or the language switch never repeats the
        // provider's answer (which would be refused as a replay and turn "cancelled" into "failed").
        String kind = result instanceof UpstreamResult.Cancelled ? "cancelled"
                : result instanceof UpstreamResult.LevelNotMet ? "level"
                : result instanceof UpstreamResult.Unavailable ? "unavailable" : "error";
        HttpSession session = request.getSession();
        session.setAttribute(ABORT_PREFIX + definition.name(), OUTCOME_ERROR.get(kind));
        session.setAttribute(OUTCOME_PREFIX + definition.name(), kind);
        return seeOther(request.getContextPath() + outcomePath(definition, settings));
    }

    /** The console home page with {@code notice} (a message key) at its top, as its own changes land. */
    private static ResponseEntity<Void> toConsole(RealmDefinition realm, String notice, HttpServletRequest request,
                                                  HttpServletResponse response) {
        String console = request.getContextPath() + "/realms/" + realm.name() + "/account";
        org.springframework.web.servlet.support.RequestContextUtils.getOutputFlashMap(request).put("notice", notice);
        org.springframework.web.servlet.support.RequestContextUtils.saveOutputFlashMap(console, request, response);
        return seeOther(console + "#notice");
    }

    private static String outcomePath(RealmDefinition realm, UpstreamSettings settings) {
        return "/realms/" + realm.name() + "/upstream/" + settings.id() + "/outcome";
    }

    /** The account-less upstream identity, as with {@code linking: none}. */
    private ResponseEntity<Void> signInUnlinked(RealmDefinition definition, UpstreamSettings settings,
                                                UpstreamResult.Authenticated ok, HttpServletRequest request,
                                                HttpServletResponse response) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)
                .issuedAt(clock.instant()).build());
        ok.acr().ifPresent(acr -> authorities.add(new SimpleGrantedAuthority(RealmSignIn.FEDERATED_ACR_PREFIX
                + acr)));
        authorities.add(new SimpleGrantedAuthority(RealmSignIn.FEDERATED_UPSTREAM_PREFIX + settings.id()));
        String next = completion.complete(new LoginOutcome.Federated(definition.name(), ok.identityId(),
                LoginMethod.UPSTREAM, authorities, Optional.ofNullable(ok.continueUrl())), request, response);
        // Not the realm session: what ending the provider's session needs later (id_token_hint, or NameID and
        // SessionIndex), in this browser's HTTP session only.
        if (ok.endable()) {
            request.getSession().setAttribute(UpstreamSession.attribute(definition.name()),
                    upstreamSession(definition, settings, ok.identityId(), ok));
        }
        return seeOther(next);
    }

    private static UpstreamSession upstreamSession(RealmDefinition definition, UpstreamSettings settings,
                                                   String principal, UpstreamResult.Authenticated ok) {
        return new UpstreamSession(definition.name(), settings.id(), principal, ok.idTokenHint(),
                ok.samlLogout() == null ? null : ok.samlLogout().nameId(),
                ok.samlLogout() == null ? null : ok.samlLogout().sessionIndex());
    }

    /** As {@code login.secondfactor.SecondFactorGate} decides for a password: policy not off, and enrolled or required. */
    private boolean secondFactorDue(RealmDefinition realm, String accountId, HttpServletRequest request,
                                    HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        String clientId = parameter(saved, "client_id").orElse(null);
        if (MfaRequirements.policy(realm, clientId) == MfaPolicy.OFF) {
            return false;
        }
        return secondFactors.any(realm.name(), accountId) || MfaRequirements.secondFactorRequired(realm, clientId,
                parameter(saved, "acr_values").orElse(null));
    }

    /** A linked identity: signs in to its account (clients see the account's sub), the provider's login its factor. */
    private ResponseEntity<Void> signInLinked(RealmDefinition definition, UpstreamSettings settings,
                                              UpstreamResult.Authenticated ok, String accountId,
                                              HttpServletRequest request, HttpServletResponse response) {
        List<GrantedAuthority> authorities = List.of(
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)
                        .issuedAt(clock.instant()).build(),
                new SimpleGrantedAuthority(RealmSignIn.FEDERATED_UPSTREAM_PREFIX + settings.id()));
        String next = completion.complete(new LoginOutcome.Authenticated(definition.name(), accountId,
                LoginMethod.UPSTREAM_LINKED, authorities), request, response);
        if (ok.endable()) {
            request.getSession().setAttribute(UpstreamSession.attribute(definition.name()),
                    upstreamSession(definition, settings, accountId, ok));
        }
        log.info("Upstream '{}' login in realm {}: federated identity {} signed in to its linked account",
                settings.id(), definition.name(), ok.identityId());
        return seeOther(ok.continueUrl() != null ? ok.continueUrl() : next);
    }

    /**
     * The link offer: the provider asserted, verified, the address of an account here. Shown only to someone whose
     * provider login just asserted that address verified (docs/upstream.md: what this tells whom). Nothing is linked
     * yet: the person chooses to sign in to the account, or to continue without linking.
     */
    private String offerLink(RealmDefinition definition, UpstreamSettings settings, UpstreamResult.Authenticated ok,
                             Account account, HttpServletRequest request, HttpServletResponse response, Model model) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String offer = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        request.getSession().setAttribute(PendingLinkOffer.attribute(definition.name()), new PendingLinkOffer(offer,
                definition.name(), settings.id(), ok.identityId(), account.id(), account.email(), ok.acr().orElse(null),
                ok.continueUrl(), ok.idTokenHint(), ok.samlLogout(), clock.instant()));
        model.addAttribute("realmInfo", definition);
        model.addAttribute("upstreamName", settings.displayName().in(LocaleContextHolder.getLocale().getLanguage()));
        model.addAttribute("email", account.email());
        model.addAttribute("offer", offer);
        response.setHeader("Cache-Control", "no-store");
        return "upstream/link-offer";
    }

    /** "Sign in to link": the normal password login, scoped to the offered account, explains why it asks. */
    @PostMapping("/realms/{realm}/upstream/link/sign-in")
    Object linkBySigningIn(@PathVariable String realm, @RequestParam(required = false) String offer,
                           HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        Optional<PendingLinkOffer> pending = takeOffer(definition.name(), offer, request);
        if (pending.isEmpty()) {
            return linkExpired(definition, response, model);
        }
        PendingLinkOffer taken = pending.get();
        UpstreamSettings settings = upstream(definition, taken.upstream());
        new PendingAccountLink(definition.name(), taken.accountId(), taken.identityId(), taken.upstream(),
                taken.email(), settings.displayName().in(LocaleContextHolder.getLocale().getLanguage()),
                clock.instant()).keep(request.getSession());
        return seeOther(request.getContextPath() + "/realms/" + definition.name() + "/login?link");
    }

    /** "Continue without linking": the account-less identity, exactly as the login would have ended without it. */
    @PostMapping("/realms/{realm}/upstream/link/skip")
    Object skipLink(@PathVariable String realm, @RequestParam(required = false) String offer,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        Optional<PendingLinkOffer> pending = takeOffer(definition.name(), offer, request);
        if (pending.isEmpty()) {
            return linkExpired(definition, response, model);
        }
        PendingLinkOffer taken = pending.get();
        UpstreamSettings settings = upstream(definition, taken.upstream());
        return signInUnlinked(definition, settings, new UpstreamResult.Authenticated(taken.identityId(),
                taken.acr(), taken.continueUrl(), taken.idTokenHint(), taken.samlLogout(), null), request, response);
    }

    /**
     * The offer of this browser that the page's {@code offer} names, within its lifetime; used up either way. A
     * stale page (a newer offer in another tab, an expired one, another browser) names none.
     */
    private Optional<PendingLinkOffer> takeOffer(String realm, String offer, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(PendingLinkOffer.attribute(realm));
        if (!(stored instanceof PendingLinkOffer pending) || offer == null || !MessageDigest.isEqual(
                offer.getBytes(StandardCharsets.UTF_8), pending.offer().getBytes(StandardCharsets.UTF_8))) {
            log.info("Link offer in realm {}: none of this browser matches (stale page, another tab or browser)",
                    realm);
            return Optional.empty();
        }
        session.removeAttribute(PendingLinkOffer.attribute(realm));
        if (pending.createdAt().plus(PendingAccountLink.LIFETIME).isBefore(clock.instant())
                || definitionLacks(realm, pending.upstream())) {
            log.info("Link offer in realm {}: expired", realm);
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    private boolean definitionLacks(String realm, String upstream) {
        return realms.find(realm).flatMap(r -> r.upstream(upstream)).isEmpty();
    }

    private String linkExpired(RealmDefinition realm, HttpServletResponse response, Model model) {
        model.addAttribute("realmInfo", realm);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setHeader("Cache-Control", "no-store");
        return "upstream/link-expired";
    }

    /** The signed AuthnRequest to an upstream SAML IdP: a signed Redirect, or an auto-submitting POST form. */
    private Object startSaml(RealmDefinition definition, UpstreamSettings settings, Optional<String> acrValues,
                             boolean force, String authorizeUrl, String consoleLink, HttpServletRequest request,
                             HttpServletResponse response, Model model) {
        SamlUpstreamLogin.Start start = samlLogin.start(definition.name(), settings, acrValues, force,
                spEntityId(definition.name(), settings), acsUrl(definition.name(), settings), authorizeUrl,
                consoleLink, request.getSession());
        response.setHeader("Cache-Control", "no-store");
        if (start instanceof SamlUpstreamLogin.Start.Redirect redirect) {
            return seeOther(redirect.url());
        }
        if (start instanceof SamlUpstreamLogin.Start.Post post) {
            model.addAttribute("realmInfo", definition);
            model.addAttribute("upstreamName", settings.displayName().in(LocaleContextHolder.getLocale()
                    .getLanguage()));
            model.addAttribute("ssoUrl", post.url());
            model.addAttribute("samlRequest", post.samlRequest());
            model.addAttribute("relayState", post.relayState());
            return "upstream/authn-post";
        }
        if (start instanceof SamlUpstreamLogin.Start.LevelNotPossible) {
            return outcomePage(definition, settings, "unmet_authentication_requirements", "level",
                    HttpStatus.OK, request.getSession(), response, model);
        }
        return outcomePage(definition, settings, "temporarily_unavailable", "unavailable",
                HttpStatus.SERVICE_UNAVAILABLE, request.getSession(), response, model);
    }

    /** Our SP metadata toward an upstream SAML IdP (its entityID is this URL); 404 for other upstreams. */
    @GetMapping(value = "/realms/{realm}/upstream/{upstream}/saml/metadata",
            produces = "application/samlmetadata+xml")
    ResponseEntity<String> samlMetadata(@PathVariable String realm, @PathVariable String upstream) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = samlUpstream(definition, upstream);
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType(
                "application/samlmetadata+xml")).body(SpMetadata.forUpstream(spEntityId(definition.name(), settings),
                acsUrl(definition.name(), settings), settings.saml().orElseThrow().artifactResponse(),
                samlUpstreams.credentials(definition.name(), settings).signing(), sloUrl(definition.name(), settings),
                settings.saml().flatMap(UpstreamSettings.Saml::eidas).filter(UpstreamSettings.Eidas::spTypeInMetadata)
                        .flatMap(UpstreamSettings.Eidas::spType)));
    }

    /** HTTP-Artifact by redirect (SAML bindings §3.6.5): a top-level GET, which brings our session cookie. */
    @GetMapping("/realms/{realm}/upstream/{upstream}/saml/acs")
    Object samlAcs(@PathVariable String realm, @PathVariable String upstream,
                   @RequestParam(name = "SAMLart", required = false) String artifact,
                   @RequestParam(name = "RelayState", required = false) String relayState,
                   HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = samlUpstream(definition, upstream);
        UpstreamResult result = samlLogin.finish(definition.name(), settings, spEntityId(definition.name(), settings),
                acsUrl(definition.name(), settings), new SamlUpstreamLogin.Answer(relayState, null, artifact),
                request.getSession(false));
        return ended(definition, settings, result, request, response, model);
    }

    /**
     * HTTP-POST (SAMLResponse) and HTTP-Artifact by POST (SAMLart). The IdP's auto-submitting form is a cross-site
     * POST, which a browser sends without our SameSite=Lax session cookie; without it the RelayState names no login
     * of this browser. Such an answer is bounced once through a page of ours that posts it again: a same-site POST,
     * with the cookie. The answer is then bound to the login this browser started by RelayState (one use) and
     * InResponseTo (the AuthnRequest ID kept with it), so a response of another browser's login, or a second use,
     * is refused. Nothing is validated or kept before the bounce.
     */
    @PostMapping("/realms/{realm}/upstream/{upstream}/saml/acs")
    Object samlAcsPost(@PathVariable String realm, @PathVariable String upstream,
                       @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
                       @RequestParam(name = "SAMLart", required = false) String artifact,
                       @RequestParam(name = "RelayState", required = false) String relayState,
                       @RequestParam(name = "bounced", required = false) String bounced,
                       HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = samlUpstream(definition, upstream);
        HttpSession existing = request.getSession(false);
        if (bounced == null && !SamlUpstreamLogin.pending(existing, relayState)
                && (samlResponse != null || artifact != null)
                && (relayState == null || relayState.length() <= SamlUpstreamLogin.MAX_RELAY_STATE)) {
            model.addAttribute("realmInfo", definition);
            model.addAttribute("acsUrl", request.getContextPath() + "/realms/" + definition.name() + "/upstream/"
                    + settings.id() + "/saml/acs");
            model.addAttribute("samlResponse", samlResponse);
            model.addAttribute("samlArt", artifact);
            model.addAttribute("relayState", relayState);
            response.setHeader("Cache-Control", "no-store");
            return "upstream/saml-bounce";
        }
        UpstreamResult result = samlLogin.finish(definition.name(), settings, spEntityId(definition.name(), settings),
                acsUrl(definition.name(), settings), new SamlUpstreamLogin.Answer(relayState, samlResponse, artifact),
                existing);
        return ended(definition, settings, result, request, response, model);
    }

    private String spEntityId(String realm, UpstreamSettings settings) {
        return publicUrl.issuer(realm) + "/upstream/" + settings.id() + "/saml/metadata";
    }

    private String acsUrl(String realm, UpstreamSettings settings) {
        return publicUrl.issuer(realm) + "/upstream/" + settings.id() + "/saml/acs";
    }

    /** Our SingleLogoutService toward this IdP (Redirect and POST), as the SP metadata publishes it. */
    private String sloUrl(String realm, UpstreamSettings settings) {
        return publicUrl.issuer(realm) + "/upstream/" + settings.id() + "/saml/slo";
    }

    private static UpstreamSettings samlUpstream(RealmDefinition realm, String id) {
        UpstreamSettings settings = upstream(realm, id);
        if (settings.type() != UpstreamSettings.Type.SAML) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return settings;
    }

    /**
     * The provider's logout, after RP-initiated logout ended this browser's upstream session in the realm
     * ({@code oidc.logout.LogoutCompletion} sends the browser here), or when a person comes here directly: ends the
     * realm session if it is still this upstream login, then sends the browser to the provider's
     * {@code end_session_endpoint}, or for a SAML IdP a signed LogoutRequest to its SingleLogoutService. Without
     * one (or without an upstream login) straight on to the relying party's validated target, or our signed-out page.
     */
    @GetMapping("/realms/{realm}/upstream/logout")
    Object logout(@PathVariable String realm, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        RealmDefinition definition = realm(realm);
        HttpSession session = request.getSession(false);
        Object stored = session == null ? null : session.getAttribute(UpstreamSession.attribute(definition.name()));
        if (session != null) {
            session.removeAttribute(UpstreamSession.attribute(definition.name()));
        }
        if (!(stored instanceof UpstreamSession upstream) || !upstream.realm().equals(definition.name())
                || definition.upstream(upstream.upstream()).isEmpty()) {
            return signedOut(definition.name(), request);
        }
        Optional<Authentication> current = RealmLogout.current(definition.name());
        boolean same = current.map(a -> a.getName().equals(upstream.identityId())).orElse(false);
        if (!same && current.isPresent()) {
            return signedOut(definition.name(), request); // another login replaced it: not ours to end
        }
        if (same) {
            logout.end(definition.name(), "upstream-logout", request, response);
        }
        UpstreamSettings settings = definition.upstream(upstream.upstream()).orElseThrow();
        if (settings.type() == UpstreamSettings.Type.SAML) {
            return samlLogoutStart(definition, settings, upstream, request, response, model);
        }
        Optional<String> endSession = login.endSession(definition.name(), settings, upstream,
                publicUrl.issuer(definition.name()) + "/upstream/" + settings.id() + "/logged-out",
                LocaleContextHolder.getLocale().getLanguage(), request.getSession());
        return endSession.map(ClientReturn::seeOther).orElseGet(() -> signedOut(definition.name(), request));
    }

    /** The LogoutRequest to a SAML IdP, after our session ended: a signed redirect, or an auto-submitting form. */
    private Object samlLogoutStart(RealmDefinition definition, UpstreamSettings settings, UpstreamSession upstream,
                                   HttpServletRequest request, HttpServletResponse response, Model model) {
        SamlUpstreamLogout.Send send = samlLogout.start(definition.name(), settings, upstream,
                spEntityId(definition.name(), settings), request.getSession());
        return sendToIdp(definition, settings, send, request, response, model);
    }

    private Object sendToIdp(RealmDefinition definition, UpstreamSettings settings, SamlUpstreamLogout.Send send,
                             HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        if (send instanceof SamlUpstreamLogout.Send.Redirect redirect) {
            return seeOther(redirect.url());
        }
        if (send instanceof SamlUpstreamLogout.Send.Post post) {
            model.addAttribute("realmInfo", definition);
            model.addAttribute("upstreamName", settings.displayName().in(LocaleContextHolder.getLocale()
                    .getLanguage()));
            model.addAttribute("sloUrl", post.url());
            model.addAttribute("messageName", post.messageName());
            model.addAttribute("samlMessage", post.samlMessage());
            model.addAttribute("relayState", post.relayState());
            return "upstream/logout-post";
        }
        return signedOut(definition.name(), request);
    }

    /** Our SingleLogoutService by HTTP-Redirect: a top-level GET, which brings our session cookie. */
    @GetMapping("/realms/{realm}/upstream/{upstream}/saml/slo")
    Object samlSlo(@PathVariable String realm, @PathVariable String upstream, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = samlUpstream(definition, upstream);
        String query = request.getQueryString();
        if (query == null || query.length() > 2 * nl.toegang.saml.SamlValidationSettings.defaults().maxMessageBytes()) {
            return logoutIncomplete(definition, settings, HttpStatus.BAD_REQUEST, false, request, response, model);
        }
        return received(definition, settings, new SamlUpstreamLogout.Incoming(query, null, null, null), request,
                response, model);
    }

    /**
     * Our SingleLogoutService by HTTP-POST. As at the ACS, the IdP's auto-submitting form is a cross-site POST
     * without our SameSite=Lax cookie: a message this session cannot place is bounced once through our own page.
     */
    @PostMapping("/realms/{realm}/upstream/{upstream}/saml/slo")
    Object samlSloPost(@PathVariable String realm, @PathVariable String upstream,
                       @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
                       @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
                       @RequestParam(name = "RelayState", required = false) String relayState,
                       @RequestParam(name = "bounced", required = false) String bounced,
                       HttpServletRequest request, HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = samlUpstream(definition, upstream);
        var incoming = new SamlUpstreamLogout.Incoming(null, samlRequest, samlResponse, relayState);
        if (bounced == null && (samlRequest != null || samlResponse != null)
                && (relayState == null || relayState.length() <= SamlUpstreamLogout.MAX_RELAY_STATE)
                && !SamlUpstreamLogout.knows(request.getSession(false), definition.name(), incoming)) {
            model.addAttribute("realmInfo", definition);
            model.addAttribute("sloBounceUrl", request.getContextPath() + "/realms/" + definition.name()
                    + "/upstream/" + settings.id() + "/saml/slo");
            model.addAttribute("samlRequest", samlRequest);
            model.addAttribute("samlResponse", samlResponse);
            model.addAttribute("relayState", relayState);
            response.setHeader("Cache-Control", "no-store");
            return "upstream/slo-bounce";
        }
        return received(definition, settings, incoming, request, response, model);
    }

    private Object received(RealmDefinition definition, UpstreamSettings settings,
                            SamlUpstreamLogout.Incoming incoming, HttpServletRequest request,
                            HttpServletResponse response, Model model) {
        SamlUpstreamLogout.Received received = samlLogout.receive(definition.name(), settings,
                sloUrl(definition.name(), settings), incoming, request.getSession(false));
        if (received instanceof SamlUpstreamLogout.Received.LoggedOut) {
            return signedOut(definition.name(), request);
        }
        if (received instanceof SamlUpstreamLogout.Received.NotConfirmed) {
            return logoutIncomplete(definition, settings, HttpStatus.OK, true, request, response, model);
        }
        if (received instanceof SamlUpstreamLogout.Received.IdpRequest idpRequest) {
            if (idpRequest.ours()) {
                HttpSession session = request.getSession(false);
                UpstreamSession login = (UpstreamSession) session.getAttribute(
                        UpstreamSession.attribute(definition.name()));
                session.removeAttribute(UpstreamSession.attribute(definition.name()));
                boolean ended = RealmLogout.current(definition.name())
                        .filter(a -> a.getName().equals(login.identityId()))
                        .flatMap(a -> logout.end(definition.name(), "upstream-idp-logout", request, response))
                        .isPresent();
                log.info("Upstream '{}' of realm {}: IdP-initiated logout, realm session {}", settings.id(),
                        definition.name(), ended ? "ended" : "already gone");
            }
            return sendToIdp(definition, settings, samlLogout.answerIdp(definition.name(), settings,
                    spEntityId(definition.name(), settings), idpRequest.request(), idpRequest.relayState()), request,
                    response, model);
        }
        // Refused: the real answer may still come to this browser, so the portal's target stays for it.
        return logoutIncomplete(definition, settings, HttpStatus.BAD_REQUEST, false, request, response, model);
    }

    /**
     * Our session has ended, but the IdP did not confirm its own logout (it refused, answered too late, or the answer
     * was not acceptable): say the provider may still be signed in, and offer the way back to the portal.
     */
    private String logoutIncomplete(RealmDefinition definition, UpstreamSettings settings, HttpStatus status,
                                    boolean last, HttpServletRequest request, HttpServletResponse response,
                                    Model model) {
        model.addAttribute("realmInfo", definition);
        model.addAttribute("upstreamName", settings.displayName().in(LocaleContextHolder.getLocale().getLanguage()));
        HttpSession session = request.getSession(false);
        Optional<String> target = last ? PostLogoutRedirect.take(session, definition.name())
                : PostLogoutRedirect.peek(session, definition.name());
        model.addAttribute("continueUrl", target.orElse(request.getContextPath() + "/realms/" + definition.name() + "/logout/done"));
        response.setStatus(status.value());
        response.setHeader("Cache-Control", "no-store");
        return "upstream/logout-incomplete";
    }

    /** Our {@code post_logout_redirect_uri} at the provider: on to the relying party once the state matches. */
    @GetMapping("/realms/{realm}/upstream/{upstream}/logged-out")
    ResponseEntity<Void> loggedOut(@PathVariable String realm, @PathVariable String upstream,
                                   @RequestParam(required = false) String state, HttpServletRequest request) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = upstream(definition, upstream);
        if (login.loggedOut(definition.name(), settings, state, request.getSession(false))) {
            return signedOut(definition.name(), request);
        }
        // Not this browser's logout: the plain signed-out page, never the relying party's target.
        return seeOther(request.getContextPath() + "/realms/" + definition.name() + "/logout/done");
    }

    private static ResponseEntity<Void> signedOut(String realm, HttpServletRequest request) {
        return PostLogoutRedirect.take(request.getSession(false), realm).map(ClientReturn::seeOther)
                .orElseGet(() -> seeOther(request.getContextPath() + "/realms/" + realm + "/logout/done"));
    }

    /**
     * The outcome page again (the language switch of that page): the kind this browser's last outcome had, kept in
     * its session; without one, the general "did not complete" page.
     */
    @GetMapping("/realms/{realm}/upstream/{upstream}/outcome")
    String outcomeAgain(@PathVariable String realm, @PathVariable String upstream, HttpServletRequest request,
                        HttpServletResponse response, Model model) {
        RealmDefinition definition = realm(realm);
        UpstreamSettings settings = upstream(definition, upstream);
        HttpSession session = request.getSession();
        String kind = session.getAttribute(OUTCOME_PREFIX + definition.name()) instanceof String stored
                && OUTCOME_STATUS.containsKey(stored) ? stored : "error";
        Object error = session.getAttribute(ABORT_PREFIX + definition.name());
        return outcomePage(definition, settings, error instanceof String e ? e : FAILED, kind,
                OUTCOME_STATUS.get(kind), session, response, model);
    }

    /** Back to the relying party with the OAuth error the last outcome of this browser calls for. */
    @PostMapping("/realms/{realm}/upstream/{upstream}/return")
    ResponseEntity<Void> returnToClient(@PathVariable String realm, @PathVariable String upstream,
                                        HttpServletRequest request, HttpServletResponse response,
                                        HttpSession session) {
        RealmDefinition definition = realm(realm);
        upstream(definition, upstream);
        Object error = session.getAttribute(ABORT_PREFIX + definition.name());
        session.removeAttribute(ABORT_PREFIX + definition.name());
        return ClientReturn.withError(definition, error, DESCRIPTIONS, "The sign-in did not complete",
                publicUrl.issuer(definition.name()), requests, request, response);
    }

    /**
     * The page for a login that did not complete ({@code kind}: cancelled, level, unavailable, error), with a way to
     * try again and a way back to the portal, which then hears {@code error} instead of never hearing anything.
     */
    private String outcomePage(RealmDefinition realm, UpstreamSettings settings, String error, String kind,
                               HttpStatus status, HttpSession session, HttpServletResponse response, Model model) {
        session.setAttribute(ABORT_PREFIX + realm.name(), error);
        session.setAttribute(OUTCOME_PREFIX + realm.name(), kind);
        // This page answered the provider's redirect or post; the other language opens the same outcome by GET.
        model.addAttribute("languagePath", outcomePath(realm, settings));
        String language = LocaleContextHolder.getLocale().getLanguage();
        model.addAttribute("realmInfo", realm);
        model.addAttribute("upstreamId", settings.id());
        model.addAttribute("upstreamName", settings.displayName().in(language));
        model.addAttribute("outcome", kind);
        response.setStatus(status.value());
        response.setHeader("Cache-Control", "no-store");
        return "upstream/outcome";
    }

    private String redirectUri(String realm, UpstreamSettings settings) {
        return publicUrl.issuer(realm) + "/upstream/" + settings.id() + "/callback";
    }

    private RealmDefinition realm(String name) {
        return realms.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static UpstreamSettings upstream(RealmDefinition realm, String id) {
        return realm.upstream(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
