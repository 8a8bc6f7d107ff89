package nl.toegang.saml;

import java.util.List;

/** A verified message that arrived at a SingleLogoutService endpoint by HTTP-POST. */
public sealed interface SingleLogoutMessage {

    /** The message's ID (an answer's InResponseTo names it). */
    String id();

    /**
     * The other side asks us to end a session.
     *
     * @param nameId         the NameID text as sent (for DigiD {@code sXXXXXXXX:<BSN>}: never log it)
     * @param sessionIndexes the SessionIndex values; empty means every session of that NameID
     */
    record Request(String id, String nameId, List<String> sessionIndexes) implements SingleLogoutMessage {
        public Request {
            sessionIndexes = List.copyOf(sessionIndexes);
        }

        @Override
        public String toString() {
            return "LogoutRequest[id=" + id + ", sessionIndexes=" + sessionIndexes.size() + "]"; // no NameID
        }
    }

    /** The answer to a LogoutRequest we sent. */
    record Response(String id, String inResponseTo, SamlStatus status) implements SingleLogoutMessage {
        /** Success, or PartialLogout (DigiD: treat as a normal logout). */
        public boolean loggedOut() {
            return status.isSuccess() || SamlStatus.PARTIAL_LOGOUT.equals(status.subCode());
        }
    }
}
