package nl.toegang.session;

import nl.toegang.account.EarlierHolderTraces;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** An earlier, unproven holder's sessions and refresh tokens end when the owner proves the address. */
@Component
@Order(2)
class EarlierHolderSessions implements EarlierHolderTraces {
    private final SsoSessions sessions;

    EarlierHolderSessions(SsoSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public String removeAll(String realm, String accountId) {
        return sessions.signOutEverywhere(realm, accountId, SsoSessionEnded.Reason.PASSWORD_RESET)
                + " token families";
    }
}
