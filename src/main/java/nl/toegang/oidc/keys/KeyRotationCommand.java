package nl.toegang.oidc.keys;

import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Operator command: {@code java -jar toegang.jar --rotate-keys=<realm>} rotates a realm's signing key against the
 * configured database and exits, without starting the web server. Running nodes sign with the new key within
 * {@code toegang.key-cache-ttl}; the old key stays published until its tokens have expired.
 */
public final class KeyRotationCommand {
    public static final String OPTION = "--rotate-keys=";

    private KeyRotationCommand() {
    }

    /** The realm named by {@code --rotate-keys=<realm>}, if the arguments ask for a rotation. */
    public static Optional<String> requestedRealm(String[] args) {
        return Arrays.stream(args).filter(a -> a.startsWith(OPTION)).map(a -> a.substring(OPTION.length()))
                .findFirst();
    }

    /** Rotates and returns the new signing kid. */
    public static String run(Class<?> application, String realm, String[] args, PrintStream out) {
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (var context = app.run(args)) {
            RealmDefinition definition = context.getBean(RealmRegistry.class).require(realm);
            String kid = context.getBean(RealmKeyService.class).rotate(realm,
                    definition.settings().signingAlgorithm(), KeyRetention.of(definition));
            out.println("Realm " + realm + ": signing key rotated, new kid " + kid);
            return kid;
        }
    }
}
