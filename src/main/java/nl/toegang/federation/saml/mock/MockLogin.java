package nl.toegang.federation.saml.mock;

import java.io.Serializable;

/**
 * The mock DigiD's memory of a login it handed to an SP in this browser (its "IdP session"), so that it can start a
 * single logout for it later. Development only; the BSN here is a fictitious test number.
 */
record MockLogin(String realm, String bsn, String sessionIndex) implements Serializable {
    /** Under the mock's session prefix, so an SP-initiated logout at the mock forgets it too. */
    static final String ATTRIBUTE_PREFIX = "TOEGANG_MOCK_DIGID:login:";

    static String attribute(String realm) {
        return ATTRIBUTE_PREFIX + realm;
    }
}
