package nl.toegang.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md names every server setting: each component of every {@code @ConfigurationProperties} record
 * in Toegang appears there as {@code `prefix.kebab-name`} (nested records are followed), so a new setting cannot ship
 * undocumented.
 */
class ConfigurationDocumentationTest {

    @Test
    void everyTypedSettingIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        List<String> properties = new ArrayList<>();
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (var candidate : scanner.findCandidateComponents("nl.toegang")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
            collect(prefix, type, properties);
        }
        assertThat(properties).as("typed settings found").hasSizeGreaterThan(20);
        assertThat(properties).allSatisfy(property -> assertThat(doc).as("docs/configuration.md")
                .contains("`" + property + "`"));
    }

    private static void collect(String prefix, Class<?> type, List<String> into) {
        assertThat(type.isRecord()).as(type + " is a record (typed configuration)").isTrue();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord()) {
                collect(name, component.getType(), into);
            } else {
                into.add(name);
            }
        }
    }

    /** Spring Boot's canonical form: a dash before each upper-case letter, digits stay attached. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
