package nl.toegang.mfa.passkey;

import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.data.AuthenticatorTransport;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.exception.Base64UrlException;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Yubico's view of one realm's passkeys. Its "username" is Toegang's account id (never the email), so what the
 * library hands back after a login is directly the account. Lookups by user handle only answer for this realm.
 */
final class RealmCredentialRepository implements CredentialRepository {
    private final String realm;
    private final PasskeyRepository passkeys;

    RealmCredentialRepository(String realm, PasskeyRepository passkeys) {
        this.realm = realm;
        this.passkeys = passkeys;
    }

    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String accountId) {
        return passkeys.forAccount(realm, accountId).stream().map(p -> PublicKeyCredentialDescriptor.builder()
                        .id(bytes(p.credentialId()))
                        .transports(p.transports().stream().map(AuthenticatorTransport::of).collect(Collectors.toSet()))
                        .build())
                .collect(Collectors.toSet());
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String accountId) {
        return passkeys.existingUserHandle(realm, accountId).map(RealmCredentialRepository::bytes);
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
        return passkeys.ownerOfUserHandle(userHandle.getBase64Url()).filter(o -> o.realm().equals(realm))
                .map(PasskeyRepository.Owner::accountId);
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
        return passkeys.byCredentialId(credentialId.getBase64Url())
                .filter(p -> p.realm().equals(realm))
                .filter(p -> passkeys.existingUserHandle(realm, p.accountId())
                        .map(h -> h.equals(userHandle.getBase64Url())).orElse(false))
                .map(p -> credential(p, userHandle));
    }

    /** Every realm: a credential id registered anywhere cannot be registered again (one id, one owner). */
    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
        return passkeys.byCredentialId(credentialId.getBase64Url())
                .flatMap(p -> passkeys.existingUserHandle(p.realm(), p.accountId()).map(h -> credential(p, bytes(h))))
                .map(Set::of).orElse(Set.of());
    }

    private static RegisteredCredential credential(Passkey p, ByteArray userHandle) {
        return RegisteredCredential.builder()
                .credentialId(bytes(p.credentialId()))
                .userHandle(userHandle)
                .publicKeyCose(bytes(p.publicKeyCose()))
                .signatureCount(p.signatureCount())
                .backupEligible(p.backupEligible())
                .backupState(p.backedUp())
                .build();
    }

    static ByteArray bytes(String base64Url) {
        try {
            return ByteArray.fromBase64Url(base64Url);
        } catch (Base64UrlException e) {
            throw new IllegalStateException("stored value is not base64url", e);
        }
    }
}
