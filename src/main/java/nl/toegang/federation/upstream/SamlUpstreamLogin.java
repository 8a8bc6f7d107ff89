package nl.toegang.federation.upstream;

import jakarta.servlet.http.HttpSession;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.federation.digid.SpCredentials;
import nl.toegang.realm.AuthnRequestBinding;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.ArtifactResolveFactory;
import nl.toegang.saml.ArtifactResolveMessage;
import nl.toegang.saml.AssertionReplayCache;
import nl.toegang.saml.AuthenticatedSubject;
import nl.toegang.saml.AuthenticationCancelled;
import nl.toegang.saml.AuthnRequest;
import nl.toegang.saml.AuthnRequestFactory;
import nl.toegang.saml.EidasPerson;
import nl.toegang.saml.EidasRequest;
import nl.toegang.saml.LevelNotMet;
import nl.toegang.saml.RedirectBindingEncoder;
import nl.toegang.saml.ResponseValidator;
import nl.toegang.saml.SamlArtifact;
import nl.toegang.saml.SamlExpectation;
import nl.toegang.saml.SamlOutcome;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.SamlValidationSettings;
import nl.toegang.saml.SignedMessage;
import nl.toegang.saml.UpstreamIdp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SP side of a login at an upstream SAML 2.0 IdP (SAML profiles §4.1, Web Browser SSO). {@link #start} builds the
 * signed AuthnRequest (HTTP-Redirect or HTTP-POST) and remembers it under an opaque RelayState in this browser's
 * session; {@link #finish} takes the answer (a POSTed SAMLResponse, or an artifact it resolves over mutual TLS), and
 * validates it with the same steps as DigiD's ({@link ResponseValidator}) against exactly that request. The NameID
 * is kept in the database only as a keyed hash (the identity's key), the mapped attributes as the identity's claims;
 * the NameID as asserted and the SessionIndex go only into this browser's HTTP session, for single logout.
 */
final class SamlUpstreamLogin {
    private static final Logger log = LoggerFactory.getLogger(SamlUpstreamLogin.class);
    /** A person who takes longer than this at the IdP starts again. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_RELAY_STATE = 80;
    private static final int MAX_ARTIFACT = 200;

    private final SamlUpstreams upstreams;
    private final FederatedIdentities identities;
    private final AssertionReplayCache replayCache;
    private final SecureRandom random;
    private final Clock clock;

    SamlUpstreamLogin(SamlUpstreams upstreams, FederatedIdentities identities, AssertionReplayCache replayCache,
                      SecureRandom random, Clock clock) {
        this.upstreams = upstreams;
        this.identities = identities;
        this.replayCache = replayCache;
        this.random = random;
        this.clock = clock;
    }

    /** Where the browser takes the signed AuthnRequest, or why it cannot. */
    sealed interface Start {
        record Redirect(String url) implements Start {
        }

        record Post(String url, String samlRequest, String relayState) implements Start {
        }

        record LevelNotPossible() implements Start {
        }

        record Unavailable(String reason) implements Start {
        }
    }

    /** What the ACS received, as given (each may be null). */
    record Answer(String relayState, String samlResponse, String artifact) {
        @Override
        public String toString() {
            return "Answer[" + (samlResponse != null ? "SAMLResponse" : artifact != null ? "SAMLart" : "empty") + "]";
        }
    }

    Start start(String realm, UpstreamSettings settings, Optional<String> acrValues, boolean forceAuthn,
                String spEntityId, String acsUrl, String authorizeUrl, String consoleLink, HttpSession session) {
        Optional<List<UpstreamSettings.AcrLevel>> minimum = UpstreamLogin.minimum(settings, acrValues);
        if (minimum.isPresent() && minimum.get().isEmpty()) {
            return new Start.LevelNotPossible();
        }
        UpstreamIdp idp;
        try {
            idp = upstreams.idp(realm, settings);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Upstream '{}' of realm {}: SAML metadata unavailable: {}", settings.id(), realm,
                    e.getMessage());
            return new Start.Unavailable(e.getMessage());
        }
        UpstreamSettings.Saml saml = settings.saml().orElseThrow();
        // eIDAS always names a minimum level: without acr_values from the client, the realm's weakest.
        List<String> accepted = minimum.or(() -> saml.eidas().map(e -> settings.acr()))
                .map(levels -> levels.stream().map(UpstreamSettings.AcrLevel::upstream).toList())
                .orElse(List.of());
        SpCredentials credentials = upstreams.credentials(realm, settings);
        var factory = AuthnRequestFactory.forUpstream(clock, random, spEntityId, acsUrl, saml.artifactResponse());
        if (saml.eidas().isPresent()) {
            factory = factory.forEidas(eidasRequest(saml.eidas().get()));
        }
        if (saml.digid()) {
            factory = factory.forDigid();
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        String relayState = Base64.getUrlEncoder().withoutPadding().encodeToString(key); // 43 bytes, opaque
        String requestId;
        Start start;
        if (saml.authnRequestBinding() == AuthnRequestBinding.POST) {
            Optional<String> sso = idp.ssoPost();
            if (sso.isEmpty()) {
                return new Start.Unavailable("the metadata names no HTTP-POST SingleSignOnService");
            }
            SignedMessage request = factory.createSigned(sso.get(), accepted, forceAuthn, credentials.signing());
            requestId = request.id();
            start = new Start.Post(sso.get(), Base64.getEncoder().encodeToString(request.xml()), relayState);
        } else {
            Optional<String> sso = idp.ssoRedirect();
            if (sso.isEmpty()) {
                return new Start.Unavailable("the metadata names no HTTP-Redirect SingleSignOnService");
            }
            AuthnRequest request = factory.create(sso.get(), accepted, forceAuthn);
            requestId = request.id();
            start = new Start.Redirect(new RedirectBindingEncoder(credentials.signing())
                    .encode(sso.get(), request.xml(), relayState));
        }
        session.setAttribute(PendingSamlLogin.attribute(relayState), new PendingSamlLogin(realm, settings.id(),
                requestId, accepted, authorizeUrl, clock.instant(), consoleLink));
        return start;
    }

    /** The minimum data set, required; the optional attributes the realm file asks for, not required. */
    static EidasRequest eidasRequest(UpstreamSettings.Eidas eidas) {
        List<EidasRequest.Requested> requested = new java.util.ArrayList<>();
        if (eidas.requestedAttributesInRequest()) {
            EidasPerson.MINIMUM.forEach(name -> requested.add(new EidasRequest.Requested(name, true)));
            eidas.optionalAttributes().forEach(name -> requested.add(new EidasRequest.Requested(
                    EidasPerson.PREFIX + name, false)));
        }
        return new EidasRequest(eidas.spType().filter(type -> eidas.spTypeInRequest()), requested,
                eidas.nameIdFormat(), eidas.comparison(), eidas.attributeConsumingServiceIndex());
    }

    /** Whether this browser's session holds the login that {@code relayState} names (not used up by asking). */
    static boolean pending(HttpSession session, String relayState) {
        return session != null && relayState != null && relayState.length() <= MAX_RELAY_STATE
                && session.getAttribute(PendingSamlLogin.attribute(relayState)) != null;
    }

    UpstreamResult finish(String realm, UpstreamSettings settings, String spEntityId, String acsUrl, Answer answer,
                          HttpSession session) {
        // 1. The RelayState names a pending login of this browser's session, for this upstream; used up at once.
        if (answer.relayState() == null || answer.relayState().isEmpty()
                || answer.relayState().length() > MAX_RELAY_STATE) {
            return failed(realm, settings, "no usable RelayState in the answer");
        }
        String attribute = PendingSamlLogin.attribute(answer.relayState());
        Object stored = session == null ? null : session.getAttribute(attribute);
        if (session != null) {
            session.removeAttribute(attribute);
        }
        if (!(stored instanceof PendingSamlLogin pending) || !pending.realm().equals(realm)
                || !pending.upstream().equals(settings.id())) {
            return failed(realm, settings, "the RelayState names no login of this browser (another browser, a"
                    + " replay, or one already finished)");
        }
        if (pending.createdAt().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            return failed(realm, settings, "the login was started more than 10 minutes ago");
        }
        UpstreamSettings.Saml saml = settings.saml().orElseThrow();
        if ((answer.samlResponse() != null) == (answer.artifact() != null)) {
            return failed(realm, settings, "the answer must carry exactly one of SAMLResponse and SAMLart");
        }
        if (saml.artifactResponse() != (answer.artifact() != null)) {
            return failed(realm, settings, "the answer came by " + (answer.artifact() != null ? "artifact" : "POST")
                    + ", the realm file expects " + (saml.artifactResponse() ? "artifact" : "post"));
        }
        try {
            UpstreamIdp idp = upstreams.idp(realm, settings);
            SpCredentials credentials = upstreams.credentials(realm, settings);
            var expectation = new SamlExpectation(pending.authnRequestId(), spEntityId, acsUrl, idp.entityId(),
                    idp.signingKeys(), pending.acceptedClassRefs(), saml.requireEncryption(),
                    saml.eidas().isPresent());
            var validator = new ResponseValidator(clock, replayCache,
                    List.of(credentials.signing().privateKey()), SamlValidationSettings.defaults());
            SamlOutcome outcome;
            if (answer.artifact() != null) {
                if (answer.artifact().length() > MAX_ARTIFACT) {
                    return failed(realm, settings, "SAMLart too long");
                }
                SamlArtifact artifact = SamlArtifact.parse(answer.artifact(), idp.entityId());
                String resolutionUrl = idp.artifactResolution().orElseThrow(() -> new IllegalArgumentException(
                        "the metadata names no SOAP ArtifactResolutionService"));
                ArtifactResolveMessage resolve = new ArtifactResolveFactory(clock, random, spEntityId,
                        credentials.signing()).create(artifact, resolutionUrl);
                byte[] soap = upstreams.artifactClient(realm, settings, idp).resolve(resolutionUrl, resolve);
                outcome = validator.validateArtifact(soap, resolve.id(), expectation);
            } else {
                outcome = validator.validatePost(answer.samlResponse(), expectation);
            }
            return toResult(realm, settings, idp, pending, outcome);
        } catch (SamlValidationException e) {
            if (e.reason() == SamlReason.LEVEL_TOO_LOW) {
                log.info("Upstream '{}' login in realm {}: {}", settings.id(), realm, e.getMessage());
                return new UpstreamResult.LevelNotMet();
            }
            return failed(realm, settings, e.reason() + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            log.warn("Upstream '{}' of realm {}: SAML back channel failed: {}", settings.id(), realm, e.toString());
            return new UpstreamResult.Unavailable(e.getMessage());
        } catch (IllegalArgumentException e) {
            log.warn("Upstream '{}' of realm {}: SAML metadata unavailable: {}", settings.id(), realm,
                    e.getMessage());
            return new UpstreamResult.Unavailable(e.getMessage());
        }
    }

    private UpstreamResult toResult(String realm, UpstreamSettings settings, UpstreamIdp idp,
                                    PendingSamlLogin pending, SamlOutcome outcome) {
        if (outcome instanceof AuthenticatedSubject subject && settings.eidas()) {
            UpstreamSettings.Eidas eidas = settings.saml().flatMap(UpstreamSettings.Saml::eidas).orElseThrow();
            EidasPerson person;
            try {
                person = EidasPerson.from(subject.attributes(), eidas.receivingCountry(),
                        java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).plusDays(1));
            } catch (SamlValidationException e) {
                return failed(realm, settings, e.reason() + " (" + e.getMessage() + ")");
            }
            // Keyed by a keyed hash of the PersonIdentifier (not the NameID, which eIDAS may make transient); the
            // identifier itself is kept only inside the encrypted claims.
            String id = identities.findOrCreateUpstream(realm, idp.entityId(), person.personIdentifier(),
                    person.claims());
            Optional<String> issued = settings.level(subject.classRef()).map(UpstreamSettings.AcrLevel::issued);
            log.info("Upstream '{}' eIDAS login in realm {}: federated identity {} from {}{}", settings.id(), realm,
                    id, person.country(), issued.map(level -> " at " + level).orElse(""));
            return new UpstreamResult.Authenticated(id, issued, pending.authorizeUrl(), null, null,
                    pending.consoleLink());
        }
        if (outcome instanceof AuthenticatedSubject subject && settings.digid()) {
            return digid(realm, settings, idp, pending, subject);
        }
        if (outcome instanceof AuthenticatedSubject subject) {
            Map<String, Object> claims = claims(settings.claims(), subject.attributes());
            // Keyed by the IdP's entityID and a keyed hash of the NameID; the NameID itself is not kept.
            String id = identities.findOrCreateUpstream(realm, idp.entityId(), subject.nameId(), claims);
            Optional<String> issued = subject.classRef() == null ? Optional.empty()
                    : settings.level(subject.classRef()).map(UpstreamSettings.AcrLevel::issued);
            log.info("Upstream '{}' SAML login in realm {}: federated identity {}{}", settings.id(), realm, id,
                    issued.map(level -> " at " + level).orElse(""));
            // The raw NameID goes no further than this browser's HTTP session, for single logout.
            return new UpstreamResult.Authenticated(id, issued, pending.authorizeUrl(), null,
                    new UpstreamResult.SamlLogout(subject.samlNameId(), subject.sessionIndex()), pending.consoleLink());
        }
        if (outcome instanceof AuthenticationCancelled) {
            log.info("Upstream '{}' SAML login in realm {} cancelled or refused at the IdP", settings.id(), realm);
            return new UpstreamResult.Cancelled();
        }
        if (outcome instanceof LevelNotMet) {
            log.info("Upstream '{}' SAML login in realm {}: level not met at the IdP", settings.id(), realm);
            return new UpstreamResult.LevelNotMet();
        }
        return failed(realm, settings, "the IdP answered with a failure status: " + outcome);
    }

    /**
     * {@code preset: digid}: the NameID is DigiD's sector-coded BSN ({@code s00000000:<BSN>}, or SAML 4's NameID with
     * NameQualifier legacy-BSN), the BSN passes the eleven-test, the class ref is a DigiD level. The identity is the
     * one the built-in DigiD route uses ({@link FederatedIdentities#findOrCreate}: keyed by the IdP's entityID and a
     * keyed hash of the BSN, the BSN encrypted): the same person at the same DigiD gets the same pairwise sub through
     * either route, and the bsn claim only for clients the realm file allows it. Nothing logged names the BSN.
     */
    private UpstreamResult digid(String realm, UpstreamSettings settings, UpstreamIdp idp, PendingSamlLogin pending,
                                 AuthenticatedSubject subject) {
        String value = subject.nameId();
        String number;
        if (LEGACY_BSN.equals(subject.nameQualifier())) {
            number = value;
        } else {
            java.util.regex.Matcher m = SECTOR_VALUE.matcher(value);
            if (!m.matches()) {
                return failed(realm, settings, "NAMEID_MALFORMED (the NameID is neither 'sXXXXXXXX:<number>' nor a"
                        + " legacy-BSN qualified NameID)");
            }
            if (!m.group(1).equals(UpstreamSettings.DIGID_BSN_SECTOR)) {
                // the sector code is a fixed-format public code, safe to name
                return failed(realm, settings, "SECTOR_NOT_ACCEPTED (sector " + m.group(1) + " is not the BSN sector "
                        + UpstreamSettings.DIGID_BSN_SECTOR + ")");
            }
            number = m.group(2);
        }
        if (!nl.toegang.saml.Bsn.isValid(number)) {
            return failed(realm, settings, "INVALID_BSN (the NameID number is not a valid BSN: 9 digits, 11-proef)");
        }
        Optional<String> issued = subject.classRef() == null ? Optional.empty()
                : settings.level(subject.classRef()).map(UpstreamSettings.AcrLevel::issued);
        if (issued.isEmpty()) {
            return failed(realm, settings, "LEVEL_UNKNOWN (the AuthnContextClassRef is not a DigiD level)");
        }
        String id = identities.findOrCreate(realm, idp.entityId(), new nl.toegang.saml.Bsn(number));
        log.info("Upstream '{}' DigiD login in realm {}: federated identity {} at {}", settings.id(), realm, id,
                issued.get());
        return new UpstreamResult.Authenticated(id, issued, pending.authorizeUrl(), null,
                new UpstreamResult.SamlLogout(subject.samlNameId(), subject.sessionIndex()), pending.consoleLink());
    }

    private static final String LEGACY_BSN = "urn:nl-eid-gdi:1.0:id:legacy-BSN";
    private static final java.util.regex.Pattern SECTOR_VALUE = java.util.regex.Pattern.compile("(s\\d{8}):(.*)",
            java.util.regex.Pattern.DOTALL);

    /** The realm file's attribute mapping: the first value, text for names, email and locale, a boolean for one. */
    static Map<String, Object> claims(Map<String, String> mapping, Map<String, List<String>> attributes) {
        Map<String, Object> idTokenLike = new LinkedHashMap<>();
        mapping.forEach((ours, theirs) -> {
            List<String> values = attributes.getOrDefault(theirs, List.of());
            if (values.isEmpty()) {
                return;
            }
            String value = values.get(0).strip();
            if ("email_verified".equals(ours)) {
                if (value.equals("true") || value.equals("false")) {
                    idTokenLike.put(theirs, Boolean.parseBoolean(value));
                }
            } else {
                idTokenLike.put(theirs, value);
            }
        });
        return MappedClaims.of(mapping, idTokenLike, Map.of());
    }

    private UpstreamResult failed(String realm, UpstreamSettings settings, String reason) {
        log.warn("Upstream '{}' SAML login in realm {} refused: {}", settings.id(), realm, reason);
        return new UpstreamResult.Failed(reason);
    }
}
