package nl.toegang.saml;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The POST attack corpus of {@link PostResponseAttackTest}, every test of it, run with the expectation an eIDAS
 * upstream ({@code preset: eidas}) validates with: the person comes from the PersonIdentifier attribute, so the one
 * relaxation is that a transient NameID is accepted; every other refusal must stand unchanged.
 */
class EidasPostResponseAttackTest extends PostResponseAttackTest {

    @Override
    SamlExpectation expectation(List<String> acceptedClassRefs, boolean requireEncryption) {
        SamlExpectation generic = super.expectation(acceptedClassRefs, requireEncryption);
        return new SamlExpectation(generic.authnRequestId(), generic.spEntityId(), generic.acsUrl(),
                generic.idpEntityId(), generic.idpSigningKeys(), generic.acceptedClassRefs(),
                generic.requireEncryption(), true);
    }

    @Override
    void transientNameIdIsRefused() {
        // eIDAS nodes may send transient NameIDs; the identity is the PersonIdentifier (EidasPerson), not the NameID.
        assertThat(validate(transientAnswer())).isInstanceOf(AuthenticatedSubject.class);
    }
}
