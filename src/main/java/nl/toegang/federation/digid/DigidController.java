package nl.toegang.federation.digid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.PublicUrl;
import nl.toegang.federation.web.ClientReturn;
import nl.toegang.login.LoginCompletion;
import nl.toegang.login.LoginMethod;
import nl.toegang.login.LoginOutcome;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.saml.DigidLevel;
import nl.toegang.session.RealmRequestCache;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static nl.toegang.federation.web.ClientReturn.parameter;
import static nl.toegang.federation.web.ClientReturn.seeOther;

/**
 * DigiD endpoints of a realm: signed SP metadata, the start of a login, the HTTP-Artifact ACS, and the way back to
 * the relying party with an OAuth error after a cancel or an unmet level. DigiD is a login method: a verified answer
 * becomes a federated {@link LoginOutcome} that {@link LoginCompletion} turns into a session, as for every other
 * method; this class holds no session, audit or device-notice code of its own.
 */
@Controller
public class DigidController {
    /** Authority carrying the DigiD level of a federated login, e.g. {@code DIGID_LEVEL_SUBSTANTIEEL}. */
    public static final String LEVEL_AUTHORITY_PREFIX = DigidLevel.AUTHORITY_PREFIX;
    private static final String ABORT_PREFIX = "TOEGANG_DIGID_ABORT:";
    /** What the last DigiD answer of this browser came to: cancelled, level, error or post-refused. */
    private static final String OUTCOME_PREFIX = "TOEGANG_DIGID_OUTCOME:";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DigidController.class);
    /** A failed or refused answer: for the client an {@code access_denied} with its own description. */
    private static final String FAILED = ClientReturn.FAILED;
    /** An artifact is 44 bytes, 60 in base64; generous, but not an unbounded URL. */
    private static final int MAX_ARTIFACT_CHARS = 200;
    private static final int MAX_RELAY_STATE_CHARS = 80;
    /** What the relying party is told (error_description, ASCII per RFC 6749 4.1.2.1). */
    private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of(
            "access_denied", "The person cancelled the DigiD sign-in",
            FAILED, "The DigiD sign-in could not be completed",
            "unmet_authentication_requirements", "DigiD could not sign the person in at the level asked for");

    private final DigidRealms realms;
    private final DigidLogin login;
    private final LoginCompletion completion;
    private final RealmRequestCache requests;
    private final RealmRegistry registry;
    private final PublicUrl publicUrl;
    private final Clock clock;

    public DigidController(DigidRealms realms, DigidLogin login, LoginCompletion completion,
                           RealmRequestCache requests, RealmRegistry registry, PublicUrl publicUrl, Clock clock) {
        this.realms = realms;
        this.login = login;
        this.completion = completion;
        this.requests = requests;
        this.registry = registry;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @GetMapping(value = "/realms/{realm}/saml/metadata", produces = "application/samlmetadata+xml")
    ResponseEntity<String> metadata(@PathVariable String realm) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/samlmetadata+xml"))
                .body(SpMetadata.of(digid(realm)));
    }

    @GetMapping("/realms/{realm}/saml/login")
    String start(@PathVariable String realm, HttpServletRequest request, HttpServletResponse response,
                 HttpSession session, Model model) {
        DigidRealm digid = digid(realm);
        SavedRequest saved = requests.getRequest(request, response);
        Optional<String> acr = parameter(saved, "acr_values");
        boolean force = parameter(saved, "prompt").map(p -> List.of(p.split(" ")).contains("login")).orElse(false)
                || parameter(saved, "max_age").isPresent();
        Optional<AuthnRequestDelivery> delivery = login.start(digid, acr, force,
                saved == null ? null : saved.getRedirectUrl(), session);
        if (delivery.isEmpty()) {
            session.setAttribute(ABORT_PREFIX + realm, "unmet_authentication_requirements");
            session.setAttribute(OUTCOME_PREFIX + realm, "level");
            return outcomePage(realm, request, response, model);
        }
        if (delivery.get() instanceof AuthnRequestDelivery.Post post) {
            model.addAttribute("realmInfo", registry.require(realm));
            model.addAttribute("ssoUrl", post.url());
            model.addAttribute("samlRequest", post.samlRequest());
            model.addAttribute("relayState", post.relayState());
            response.setHeader("Cache-Control", "no-store");
            return "digid/authn-post";
        }
        return "redirect:" + ((AuthnRequestDelivery.Redirect) delivery.get()).url();
    }

    @GetMapping("/realms/{realm}/saml/acs")
    Object acs(@PathVariable String realm, @RequestParam(name = "SAMLart", required = false) String artifact,
               @RequestParam(name = "RelayState", required = false) String relayState,
               HttpServletRequest request, HttpServletResponse response, Model model) {
        DigidRealm digid = digid(realm);
        if (artifact == null) {
            log.warn("DigiD ACS in realm {} refused: no SAMLart in the answer", realm);
            return outcome(request, realm, FAILED, "error");
        }
        DigidResult result = login.finish(digid, relayState, artifact, request.getSession(false));
        if (result instanceof DigidResult.Authenticated ok) {
            List<GrantedAuthority> authorities = List.of(
                    FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.SAML_RESPONSE_AUTHORITY)
                            .issuedAt(clock.instant()).build(),
                    new SimpleGrantedAuthority(LEVEL_AUTHORITY_PREFIX + ok.level().name()));
            String next = completion.complete(new LoginOutcome.Federated(realm, ok.identityId(), LoginMethod.DIGID,
                    authorities, Optional.ofNullable(ok.continueUrl())), request, response);
            // Not the realm session: what DigiD single logout needs later.
            DigidSession.remember(request.getSession(), realm, ok.identityId(), ok.sessionIndex());
            return seeOther(next);
        }
        if (result instanceof DigidResult.Cancelled) {
            return outcome(request, realm, "access_denied", "cancelled");
        }
        if (result instanceof DigidResult.LevelNotMet) {
            return outcome(request, realm, "unmet_authentication_requirements", "level");
        }
        return outcome(request, realm, FAILED, "error");
    }

    /**
     * Post/redirect/get for an answer that did not sign in: the page is a GET of its own, so a reload, Back or the
     * language switch shows it again instead of repeating the answer (refused then as a replay, or without SAMLart).
     */
    private ResponseEntity<Void> outcome(HttpServletRequest request, String realm, String error, String kind) {
        HttpSession session = request.getSession();
        session.setAttribute(ABORT_PREFIX + realm, error);
        session.setAttribute(OUTCOME_PREFIX + realm, kind);
        return seeOther(request.getContextPath() + "/realms/" + realm + "/saml/outcome");
    }

    /** The page of this browser's last DigiD answer that did not sign in; without one, the general error page. */
    @GetMapping("/realms/{realm}/saml/outcome")
    String outcomePage(@PathVariable String realm, HttpServletRequest request, HttpServletResponse response,
                       Model model) {
        digid(realm);
        HttpSession session = request.getSession();
        Object kind = session.getAttribute(OUTCOME_PREFIX + realm);
        model.addAttribute("realmInfo", registry.require(realm));
        response.setHeader("Cache-Control", "no-store");
        if ("cancelled".equals(kind) || "level".equals(kind)) {
            model.addAttribute("outcome", kind);
            return "digid/outcome";
        }
        model.addAttribute("postRefused", "post-refused".equals(kind));
        if (session.getAttribute(ABORT_PREFIX + realm) == null) {
            offerWayBack(realm, session);
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return "digid/error";
    }

    /**
     * HTTP-Artifact by POST (SAML bindings 3.6.3): an IdP that sent its AuthnRequest binding by POST may return the
     * artifact in an auto-submitting form. That cross-site POST arrives without our SameSite=Lax session cookie, so
     * the artifact is bounced once to the GET ACS: a top-level GET carries the cookie, and there the RelayState and
     * the pending AuthnRequest bind the answer to this browser exactly as for a GET answer. The artifact is one-use
     * at the IdP and resolved over the back channel, so passing it in a URL adds nothing the GET binding lacks.
     * A POSTed SAMLResponse is never accepted: Toegang takes answers only by artifact.
     */
    @PostMapping("/realms/{realm}/saml/acs")
    Object acsPost(@PathVariable String realm,
                   @RequestParam(name = "SAMLart", required = false) String artifact,
                   @RequestParam(name = "RelayState", required = false) String relayState,
                   @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
                   HttpServletRequest request, HttpServletResponse response, Model model) {
        digid(realm);
        if (artifact != null && samlResponse == null && artifact.length() <= MAX_ARTIFACT_CHARS
                && (relayState == null || relayState.length() <= MAX_RELAY_STATE_CHARS)) {
            // Values go in as URI variables: encode() then escapes them strictly, so a '+' of the base64 artifact
            // is not read back as a space.
            var target = UriComponentsBuilder.fromPath(request.getContextPath() + "/realms/{realm}/saml/acs")
                    .queryParam("SAMLart", "{artifact}");
            if (relayState != null) {
                target.queryParam("RelayState", "{relayState}");
            }
            return seeOther(target.encode().buildAndExpand(java.util.Map.of("realm", realm, "artifact", artifact,
                    "relayState", relayState == null ? "" : relayState)).toUriString());
        }
        log.warn("DigiD ACS in realm {} refused a POST: {}", realm, samlResponse != null
                ? "a SAMLResponse (answers are taken only by artifact)"
                : artifact == null ? "no SAMLart" : "SAMLart or RelayState too long");
        return outcome(request, realm, FAILED, "post-refused");
    }

    /** Back to the relying party with the OAuth error the last DigiD outcome of this browser calls for. */
    @PostMapping("/realms/{realm}/saml/return")
    ResponseEntity<Void> returnToClient(@PathVariable String realm, HttpServletRequest request,
                                        HttpServletResponse response, HttpSession session) {
        digid(realm);
        Object error = session.getAttribute(ABORT_PREFIX + realm);
        session.removeAttribute(ABORT_PREFIX + realm);
        return ClientReturn.withError(registry.require(realm), error, DESCRIPTIONS, "DigiD sign-in did not complete",
                publicUrl.issuer(realm), requests, request, response);
    }

    private static void offerWayBack(String realm, HttpSession session) {
        session.setAttribute(ABORT_PREFIX + realm, FAILED);
    }

    private DigidRealm digid(String realm) {
        return realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

}
