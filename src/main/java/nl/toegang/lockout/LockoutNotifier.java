package nl.toegang.lockout;

/**
 * Tells the account holder that their password was locked: what happened, when, from which IP, how to reset.
 * Implementations must not throw for delivery problems (the lockout itself already happened). Called on a background
 * thread for every lockout, also of an address without an account ({@link AccountLockedOut#accountId()} empty):
 * implementations tell nobody then.
 */
public interface LockoutNotifier {
    void notifyLockedOut(AccountLockedOut event);
}
