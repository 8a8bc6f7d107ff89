package nl.toegang.realm;

import nl.toegang.config.ToegangProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reads the realm files once at startup; a broken file stops startup with its name and line. */
@Configuration(proxyBeanMethods = false)
public class RealmConfiguration {

    @Bean
    RealmRegistry realmRegistry(ToegangProperties properties, java.time.Clock clock) {
        RealmFileParser parser = new RealmFileParser(System::getenv, properties.production(), clock);
        return new RealmRegistry(new RealmDirectoryLoader(parser).loadAll(properties.realmsDir()));
    }
}
