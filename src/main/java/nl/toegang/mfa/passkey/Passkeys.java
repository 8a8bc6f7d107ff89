package nl.toegang.mfa.passkey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.data.AttestationConveyancePreference;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.AuthenticatorTransport;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.ResidentKeyRequirement;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.data.UserVerificationRequirement;
import com.yubico.webauthn.exception.AssertionFailedException;
import com.yubico.webauthn.exception.InvalidSignatureCountException;
import com.yubico.webauthn.exception.RegistrationFailedException;
import nl.toegang.account.Account;
import nl.toegang.config.PublicUrl;
import nl.toegang.mfa.SecondFactors;
import nl.toegang.realm.RealmDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Passkey ceremonies on Yubico's {@link RelyingParty}, one per realm: RP ID = host of the public URL, the only
 * allowed origin = the public URL's origin. Registration asks for a discoverable credential (resident key required),
 * user verification preferred and no attestation; the library checks challenge, origin, RP ID hash, flags, signature
 * and counter (WebAuthn §7.1, §7.2). A counter that went backwards is refused and audited: a cloned authenticator.
 */
public final class Passkeys implements SecondFactors.EnrolledFactor {
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    public static final int MAX_NAME = 100;

    private final PasskeyRepository repository;
    private final PublicUrl publicUrl;
    private final Clock clock;

    public Passkeys(PasskeyRepository repository, PublicUrl publicUrl, Clock clock) {
        this.repository = repository;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public int count(String realm, String accountId) {
        return repository.count(realm, accountId);
    }

    public PasskeyRepository repository() {
        return repository;
    }

    /** Both JSON forms of a started ceremony: for the browser, and to keep on the server. */
    public record Started(String browserJson, String serverJson) {
    }

    public Started startRegistration(RealmDefinition realm, Account account) {
        String handle = repository.userHandle(realm.name(), account.id());
        PublicKeyCredentialCreationOptions options = relyingParty(realm).startRegistration(
                StartRegistrationOptions.builder()
                        .user(UserIdentity.builder().name(account.email()).displayName(account.name())
                                .id(RealmCredentialRepository.bytes(handle)).build())
                        .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                                .residentKey(ResidentKeyRequirement.REQUIRED)
                                .userVerification(UserVerificationRequirement.PREFERRED).build())
                        .timeout(PasskeyChallenges.LIFETIME.toMillis())
                        .build());
        try {
            return new Started(options.toCredentialsCreateJson(), options.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What finishing a registration concluded. */
    public sealed interface Registration {
        record Registered(Passkey passkey) implements Registration {
        }

        record Rejected(String reason) implements Registration {
        }
    }

    public Registration finishRegistration(RealmDefinition realm, Account account, String serverJson,
                                           String responseJson, String name) {
        String cleanName = cleanName(name);
        try {
            var request = PublicKeyCredentialCreationOptions.fromJson(serverJson);
            String expectedHandle = repository.userHandle(realm.name(), account.id());
            if (!request.getUser().getId().getBase64Url().equals(expectedHandle)) {
                return new Registration.Rejected("ceremony started for another account");
            }
            RegistrationResult result = relyingParty(realm).finishRegistration(FinishRegistrationOptions.builder()
                    .request(request).response(PublicKeyCredential.parseRegistrationResponseJson(responseJson))
                    .build());
            if (!result.isDiscoverable().orElse(true)) {
                return new Registration.Rejected("not a discoverable credential");
            }
            Set<String> transports = result.getKeyId().getTransports().map(t -> t.stream()).orElse(java.util.stream.Stream.empty())
                    .map(AuthenticatorTransport::getId).collect(Collectors.toSet());
            Passkey passkey = new Passkey(UUID.randomUUID().toString(), realm.name(), account.id(),
                    result.getKeyId().getId().getBase64Url(), result.getPublicKeyCose().getBase64Url(),
                    result.getSignatureCount(), transports, result.getAaguid().getHex(), cleanName,
                    result.isBackupEligible(), result.isBackedUp(), clock.instant(), Optional.empty());
            if (!repository.add(passkey)) {
                return new Registration.Rejected("credential id already registered");
            }
            return new Registration.Registered(passkey);
        } catch (RegistrationFailedException e) {
            return new Registration.Rejected(e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Registration.Rejected("malformed response");
        }
    }

    /**
     * @param accountId    empty for a passwordless login (discoverable credentials, nothing sent about accounts);
     *                     the pending account for a second factor
     * @param verifyUser   REQUIRED for passwordless (the passkey is then two factors), PREFERRED as second factor
     */
    public Started startLogin(RealmDefinition realm, Optional<String> accountId, UserVerificationRequirement verifyUser) {
        AssertionRequest request = relyingParty(realm).startAssertion(StartAssertionOptions.builder()
                .username(accountId).userVerification(verifyUser)
                .timeout(PasskeyChallenges.LIFETIME.toMillis()).build());
        try {
            return new Started(request.toCredentialsGetJson(), request.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What finishing a login concluded. */
    public sealed interface Login {
        record Verified(String accountId, boolean userVerified) implements Login {
        }

        record Rejected(String reason) implements Login {
        }
    }

    /** @param expectedAccount for a second factor: the result must be this account's passkey (YSA-2026-02) */
    public Login finishLogin(RealmDefinition realm, String serverJson, String responseJson,
                             Optional<String> expectedAccount) {
        try {
            AssertionResult result = relyingParty(realm).finishAssertion(FinishAssertionOptions.builder()
                    .request(AssertionRequest.fromJson(serverJson))
                    .response(PublicKeyCredential.parseAssertionResponseJson(responseJson)).build());
            if (!result.isSuccess()) {
                return new Login.Rejected("assertion not successful");
            }
            String accountId = result.getUsername();
            if (expectedAccount.isPresent() && !expectedAccount.get().equals(accountId)) {
                return new Login.Rejected("passkey of another account");
            }
            repository.recordUse(result.getCredentialId().getBase64Url(), result.getSignatureCount(),
                    result.isBackedUp(), clock.instant());
            return new Login.Verified(accountId, result.isUserVerified());
        } catch (InvalidSignatureCountException e) {
            String owner = repository.byCredentialId(e.getCredentialId().getBase64Url())
                    .map(Passkey::accountId).orElse("unknown");
            AUDIT.warn("audit event=passkey-counter-regressed realm={} account={} expected-min={} received={}",
                    realm.name(), owner, e.getExpectedMinimum(), e.getReceived());
            return new Login.Rejected("signature counter went backwards");
        } catch (AssertionFailedException e) {
            return new Login.Rejected(e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Login.Rejected("malformed response");
        }
    }

    private RelyingParty relyingParty(RealmDefinition realm) {
        URI url = URI.create(publicUrl.value());
        String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        return RelyingParty.builder()
                .identity(RelyingPartyIdentity.builder().id(url.getHost()).name(realm.displayName()).build())
                .credentialRepository(new RealmCredentialRepository(realm.name(), repository))
                .origins(Set.of(origin))
                .attestationConveyancePreference(AttestationConveyancePreference.NONE)
                .allowOriginPort(false)
                .allowOriginSubdomain(false)
                .validateSignatureCounter(true)
                .clock(clock)
                .build();
    }

    public static String cleanName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            return "Passkey";
        }
        return trimmed.length() > MAX_NAME ? trimmed.substring(0, MAX_NAME) : trimmed;
    }
}
