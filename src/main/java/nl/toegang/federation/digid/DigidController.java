package nl.toegang.federation.digid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.PublicUrl;
import nl.toegang.login.LoginCompletion;
import nl.toegang.login.LoginMethod;
import nl.toegang.login.LoginOutcome;
import nl.toegang.realm.ClientDefinition;
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

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

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
            return outcomePage(realm, "unmet_authentication_requirements", "level", session, model);
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
            return errorPage(realm, model, response);
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
        HttpSession session = request.getSession();
        if (result instanceof DigidResult.Cancelled) {
            return outcomePage(realm, "access_denied", "cancelled", session, model);
        }
        if (result instanceof DigidResult.LevelNotMet) {
            return outcomePage(realm, "unmet_authentication_requirements", "level", session, model);
        }
        return errorPage(realm, model, response);
    }

    /** DigiD never answers by POST; a POSTed SAMLResponse is someone else's message and gets no session. */
    @PostMapping("/realms/{realm}/saml/acs")
    String acsPost(@PathVariable String realm, HttpServletResponse response, Model model) {
        digid(realm);
        model.addAttribute("realmInfo", registry.require(realm));
        model.addAttribute("postRefused", true);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return "digid/error";
    }

    /** Back to the relying party with the OAuth error the last DigiD outcome of this browser calls for. */
    @PostMapping("/realms/{realm}/saml/return")
    ResponseEntity<Void> returnToClient(@PathVariable String realm, HttpServletRequest request,
                                        HttpServletResponse response, HttpSession session) {
        digid(realm);
        Object error = session.getAttribute(ABORT_PREFIX + realm);
        session.removeAttribute(ABORT_PREFIX + realm);
        SavedRequest saved = requests.getRequest(request, response);
        String home = request.getContextPath() + "/realms/" + realm + "/";
        if (!(error instanceof String code) || saved == null) {
            return seeOther(home);
        }
        Optional<String> clientId = parameter(saved, "client_id");
        Optional<String> redirectUri = parameter(saved, "redirect_uri");
        // Only to a redirect URI registered for that client: never an open redirector.
        boolean registered = clientId.flatMap(id -> registry.require(realm).client(id))
                .map(ClientDefinition::redirectUris)
                .map(uris -> redirectUri.isPresent() && uris.contains(redirectUri.get()))
                .orElse(false);
        requests.removeRequest(request, response);
        if (!registered) {
            return seeOther(home);
        }
        var target = UriComponentsBuilder.fromUriString(redirectUri.get()).queryParam("error", code);
        parameter(saved, "state").ifPresent(state -> target.queryParam("state", state));
        target.queryParam("iss", publicUrl.issuer(realm));
        return seeOther(target.encode().build().toUriString());
    }

    /** The page for a login DigiD did not complete ({@code kind}: cancelled or level), with retry and a way back. */
    private String outcomePage(String realm, String error, String kind, HttpSession session, Model model) {
        session.setAttribute(ABORT_PREFIX + realm, error);
        model.addAttribute("realmInfo", registry.require(realm));
        model.addAttribute("outcome", kind);
        return "digid/outcome";
    }

    private String errorPage(String realm, Model model, HttpServletResponse response) {
        model.addAttribute("realmInfo", registry.require(realm));
        model.addAttribute("postRefused", false);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return "digid/error";
    }

    private DigidRealm digid(String realm) {
        return realms.find(realm).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static Optional<String> parameter(SavedRequest saved, String name) {
        if (saved == null) {
            return Optional.empty();
        }
        String[] values = saved.getParameterValues(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0]);
    }

    private static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}
