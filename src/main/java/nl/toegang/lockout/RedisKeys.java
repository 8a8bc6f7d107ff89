package nl.toegang.lockout;

/**
 * Key names of {@link RedisThrottleStore}. Each group of keys a script touches together shares one hash tag
 * ({@code {...}}), so every script's keys live in the same Redis Cluster slot.
 *
 * <pre>
 * &lt;prefix&gt;lockout:acct:{realm:accountKey}          hash, one field per authenticator|budget
 * &lt;prefix&gt;lockout:ip:{realm:ipBucket}:f            zset of failure times
 * &lt;prefix&gt;lockout:ip:{realm:ipBucket}:a            zset of account keys by last failure time
 * &lt;prefix&gt;lockout:rate:{realm}:&lt;bucket&gt;             counter of one fixed rate bucket
 * </pre>
 */
record RedisKeys(String prefix) {

    RedisKeys {
        if (prefix == null || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("key prefix must not be null or contain braces: " + prefix);
        }
    }

    String account(String realm, String accountKey) {
        return prefix + "lockout:acct:{" + realm + ":" + accountKey + "}";
    }

    String ipFailures(String realm, String ipBucket) {
        return prefix + "lockout:ip:{" + realm + ":" + ipBucket + "}:f";
    }

    String ipAccounts(String realm, String ipBucket) {
        return prefix + "lockout:ip:{" + realm + ":" + ipBucket + "}:a";
    }

    String rate(String realm, long bucket) {
        return prefix + "lockout:rate:{" + realm + "}:" + bucket;
    }
}
