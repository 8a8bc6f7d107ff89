package nl.toegang.realm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The realms this server runs, as read from the realm files at startup. Every node reads the same files, so the
 * registry is identical on all nodes without shared state.
 */
public class RealmRegistry {
    private final Map<String, RealmDefinition> realms = new LinkedHashMap<>();

    public RealmRegistry(Collection<RealmDefinition> definitions) {
        for (RealmDefinition realm : definitions) {
            realms.put(realm.name(), realm);
        }
    }

    public Optional<RealmDefinition> find(String name) {
        return Optional.ofNullable(name).map(realms::get);
    }

    public RealmDefinition require(String name) {
        return find(name).orElseThrow(() -> new UnknownRealmException(name));
    }

    public Collection<RealmDefinition> all() {
        return realms.values();
    }

    /** A request named a realm this server does not run. */
    public static class UnknownRealmException extends RuntimeException {
        public UnknownRealmException(String name) {
            super("unknown realm");
        }
    }
}
