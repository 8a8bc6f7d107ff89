package nl.toegang;

import nl.toegang.oidc.keys.KeyRotationCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Toegang: OIDC provider and federation broker. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ToegangApplication {

    public static void main(String[] args) {
        var rotate = KeyRotationCommand.requestedRealm(args);
        if (rotate.isPresent()) {
            KeyRotationCommand.run(ToegangApplication.class, rotate.get(), args, System.out);
            return;
        }
        SpringApplication.run(ToegangApplication.class, args);
    }
}
