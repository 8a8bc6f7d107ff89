package nl.toegang.federation.digid;

import nl.toegang.saml.IdpEndpointRule;
import jakarta.servlet.http.HttpSession;
import nl.toegang.saml.ArtifactExpectation;
import nl.toegang.saml.ArtifactResolveFactory;
import nl.toegang.saml.ArtifactResolveMessage;
import nl.toegang.saml.ArtifactResponseValidator;
import nl.toegang.saml.AssertionReplayCache;
import nl.toegang.saml.AuthenticatedResident;
import nl.toegang.saml.AuthenticationCancelled;
import nl.toegang.saml.AuthnRequest;
import nl.toegang.saml.AuthnRequestFactory;
import nl.toegang.saml.DigidLevel;
import nl.toegang.saml.LevelNotMet;
import nl.toegang.saml.RedirectBindingEncoder;
import nl.toegang.saml.SamlArtifact;
import nl.toegang.saml.SamlOutcome;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.SamlValidationSettings;
import nl.toegang.saml.SignedMessage;
import nl.toegang.realm.AuthnRequestBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SP side of a DigiD login: {@link #start} builds the signed AuthnRequest (HTTP-Redirect or HTTP-POST, per
 * realm) and remembers it under an
 * opaque RelayState in this browser's session; {@link #finish} takes the SAMLart back, resolves it over mutual TLS,
 * validates the answer against exactly that request, and reports the outcome. Log lines carry reasons, never a BSN.
 */
@Component
public class DigidLogin {
    private static final Logger log = LoggerFactory.getLogger(DigidLogin.class);
    private static final String SESSION_PREFIX = "TOEGANG_DIGID_PENDING:";
    /** DigiD keeps artifacts 15 minutes; a round trip older than that cannot succeed anyway. */
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);

    private final DigidRealms realms;
    private final FederatedIdentities identities;
    private final AssertionReplayCache replayCache;
    private final Clock clock;
    private final SecureRandom random;
    private final ApplicationEventPublisher events;
    private final IdpEndpointRule endpointRule;
    private final Map<String, ArtifactResolutionClient> clients = new ConcurrentHashMap<>();

    public DigidLogin(DigidRealms realms, FederatedIdentities identities, AssertionReplayCache replayCache,
                      Clock clock, SecureRandom random, ApplicationEventPublisher events,
                      IdpEndpointRule endpointRule) {
        this.realms = realms;
        this.endpointRule = endpointRule;
        this.events = events;
        this.identities = identities;
        this.replayCache = replayCache;
        this.clock = clock;
        this.random = random;
    }

    /**
     * A login request: how the browser takes the signed AuthnRequest to DigiD, or empty when the realm cannot meet
     * the requested level.
     */
    public Optional<AuthnRequestDelivery> start(DigidRealm realm, Optional<String> acrValues, boolean forceAuthn,
                                                String authorizeUrl, HttpSession session) {
        Optional<DigidLevel> level = RequestedLevel.choose(acrValues.orElse(null), realm.settings().defaultLevel(),
                realm.settings().allowedLevels());
        if (level.isEmpty()) {
            return Optional.empty();
        }
        var factory = new AuthnRequestFactory(clock, random, realm.spEntityId(), DigidRealm.ACS_INDEX);
        byte[] key = new byte[32];
        random.nextBytes(key);
        String relayState = Base64.getUrlEncoder().withoutPadding().encodeToString(key); // 43 bytes, opaque
        String requestId;
        AuthnRequestDelivery delivery;
        if (realm.settings().authnRequestBinding() == AuthnRequestBinding.POST) {
            String ssoPost = realm.idp().ssoPostUrl().orElseThrow(() -> new IllegalStateException("realm "
                    + realm.realm() + ": digid.authnRequestBinding is post, but the IdP metadata names no HTTP-POST"
                    + " SingleSignOnService"));
            SignedMessage request = factory.createSigned(ssoPost, level.get(), forceAuthn,
                    realm.credentials().signing());
            requestId = request.id();
            delivery = new AuthnRequestDelivery.Post(ssoPost, Base64.getEncoder().encodeToString(request.xml()),
                    relayState);
        } else {
            AuthnRequest request = factory.create(realm.idp().ssoUrl(), level.get(), forceAuthn);
            requestId = request.id();
            delivery = new AuthnRequestDelivery.Redirect(new RedirectBindingEncoder(realm.credentials().signing())
                    .encode(realm.idp().ssoUrl(), request.xml(), relayState));
        }
        session.setAttribute(SESSION_PREFIX + relayState, new PendingDigidLogin(realm.realm(), requestId,
                level.get(), authorizeUrl, clock.instant()));
        return Optional.of(delivery);
    }

    /** The outcome of DigiD's answer (an artifact at our ACS); every outcome is also published for metrics. */
    public DigidResult finish(DigidRealm realm, String relayState, String samlArt, HttpSession session) {
        DigidResult result = resolve(realm, relayState, samlArt, session);
        events.publishEvent(DigidLoginFinished.of(realm.realm(), result));
        return result;
    }

    private DigidResult resolve(DigidRealm realm, String relayState, String samlArt, HttpSession session) {
        if (relayState == null || relayState.length() > 80) {
            return new DigidResult.Failed("missing RelayState");
        }
        Object stored = session == null ? null : session.getAttribute(SESSION_PREFIX + relayState);
        if (session != null) {
            session.removeAttribute(SESSION_PREFIX + relayState); // one use, whatever happens next
        }
        if (!(stored instanceof PendingDigidLogin pending) || !pending.realm().equals(realm.realm())
                || pending.createdAt().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            log.info("DigiD ACS in realm {}: unknown, used or expired RelayState", realm.realm());
            return new DigidResult.Failed("unknown RelayState");
        }
        try {
            SamlArtifact artifact = SamlArtifact.parse(samlArt, realm.idp().entityId());
            ArtifactResolveMessage resolve = new ArtifactResolveFactory(clock, random, realm.spEntityId(),
                    realm.credentials().signing()).create(artifact, realm.idp().artifactResolutionUrl());
            byte[] answer = client(realm).resolve(realm.idp().artifactResolutionUrl(), resolve);
            var expectation = new ArtifactExpectation(resolve.id(), pending.authnRequestId(), realm.spEntityId(),
                    realm.acsUrl(), realm.idp().entityId(), realm.idp().signingKeys(), pending.minimumLevel(),
                    realm.settings().sector());
            // Our signing key also decrypts SAML 4 EncryptedIDs (one SP key pair; see docs/digid.md).
            SamlOutcome outcome = new ArtifactResponseValidator(clock, replayCache,
                    List.of(realm.credentials().signing().privateKey()), SamlValidationSettings.defaults())
                    .validate(answer, expectation);
            return toResult(realm, pending, outcome);
        } catch (SamlValidationException e) {
            log.warn("DigiD response refused in realm {}: {} ({})", realm.realm(), e.reason(), e.getMessage());
            return e.reason() == SamlReason.LEVEL_TOO_LOW ? new DigidResult.LevelNotMet()
                    : new DigidResult.Failed(e.reason().name());
        } catch (IOException e) {
            log.warn("DigiD artifact resolution failed in realm {}: {}", realm.realm(), e.toString());
            return new DigidResult.Failed("back channel");
        }
    }

    private DigidResult toResult(DigidRealm realm, PendingDigidLogin pending, SamlOutcome outcome) {
        if (outcome instanceof AuthenticatedResident resident) {
            DigidLevel level = DigidLevel.fromClassRef(resident.levelClassRef()).orElseThrow();
            String id = identities.findOrCreate(realm.realm(), realm.idp().entityId(), resident.bsn());
            log.info("DigiD login in realm {}: federated identity {} at level {}", realm.realm(), id, level);
            return new DigidResult.Authenticated(id, level, pending.authorizeUrl(), resident.sessionIndex());
        }
        if (outcome instanceof AuthenticationCancelled) {
            log.info("DigiD login in realm {} cancelled", realm.realm());
            return new DigidResult.Cancelled();
        }
        if (outcome instanceof LevelNotMet) {
            log.info("DigiD login in realm {}: level not met", realm.realm());
            return new DigidResult.LevelNotMet();
        }
        log.info("DigiD login in realm {} failed: {}", realm.realm(), outcome);
        return new DigidResult.Failed("status");
    }

    private ArtifactResolutionClient client(DigidRealm realm) {
        return clients.computeIfAbsent(realm.realm(),
                name -> new ArtifactResolutionClient(realm.credentials(), realm.idp(), endpointRule, random));
    }
}
