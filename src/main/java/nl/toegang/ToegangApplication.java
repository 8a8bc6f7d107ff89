package nl.toegang;

import nl.toegang.migration.KeycloakImportCommand;
import nl.toegang.oidc.keys.KeyRotationCommand;
import nl.toegang.realm.RealmValidationCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.io.PrintStream;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** Toegang: OIDC provider and federation broker. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ToegangApplication {

    public static void main(String[] args) {
        launch(args, System::getenv, System.out, System.err, System::exit);
    }

    /**
     * Dispatches the command line: {@code validate ...} checks realm files without any Spring context (so without a
     * database, port or key store), {@code import-keycloak ...} imports a Keycloak export into the configured
     * database (no port), {@code --rotate-keys=<realm>} rotates a key against the database, anything else
     * starts the server. The streams, environment and exit are parameters so that tests use this very dispatch.
     */
    static void launch(String[] args, Function<String, String> environment, PrintStream out, PrintStream err,
                       IntConsumer exit) {
        if (RealmValidationCommand.requested(args)) {
            exit.accept(new RealmValidationCommand(environment, out, err).run(args));
            return;
        }
        if (KeycloakImportCommand.requested(args)) {
            exit.accept(new KeycloakImportCommand(out, err).run(args));
            return;
        }
        var rotate = KeyRotationCommand.requestedRealm(args);
        if (rotate.isPresent()) {
            KeyRotationCommand.run(ToegangApplication.class, rotate.get(), args, out);
            return;
        }
        SpringApplication.run(ToegangApplication.class, args);
    }
}
