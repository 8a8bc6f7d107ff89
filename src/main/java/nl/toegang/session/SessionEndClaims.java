package nl.toegang.session;

/**
 * Makes sure an ended session is reported once, although every node may notice it: with Redis, each node receives
 * the expiry notification, and a sweep may race with the node the browser is using.
 */
public interface SessionEndClaims {
    /** True for the first caller for this session id (on any node), false for every later one. */
    boolean claim(String sessionId);
}
