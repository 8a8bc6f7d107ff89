package nl.toegang.account;

/**
 * What a capability above accounts keeps for an account that an earlier, unproven holder of its address may have
 * left behind (second factors, sessions and tokens). {@link EarlierHolderRemoval} calls every implementation when
 * someone proves the address, inside the transaction that verifies the account.
 */
public interface EarlierHolderTraces {

    /** Removes this capability's traces of the account; returns what went, for the audit trail (e.g. "2 passkeys"). */
    String removeAll(String realm, String accountId);
}
