package nl.toegang.account.password;

import com.nulabinc.zxcvbn.Feedback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordMessagesTest {

    private static Properties load(String name) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(PasswordMessagesTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static List<String> requiredKeys() {
        List<String> keys = new ArrayList<>();
        for (Problem problem : Problem.values()) {
            keys.add(problem.messageKey());
        }
        for (StrengthFeedback feedback : StrengthFeedback.values()) {
            keys.add(feedback.messageKey());
        }
        for (int score = 0; score <= 4; score++) {
            keys.add(new Strength(score, List.of(), List.of()).scoreMessageKey());
        }
        keys.add("password.strength.label");
        keys.add("password.feedback.advice");
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_nl.properties"})
    void everyKeyHasAText(String file) throws Exception {
        Properties messages = load(file);
        for (String key : requiredKeys()) {
            assertThat(messages.getProperty(key)).as(file + " " + key).isNotBlank();
        }
    }

    @Test
    void bothLanguagesHaveTheSamePasswordKeys() throws Exception {
        assertThat(passwordKeys(load("messages_nl.properties"))).isEqualTo(passwordKeys(load("messages.properties")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_nl.properties"})
    void lengthProblemsShowTheLimit(String file) throws Exception {
        Properties messages = load(file);
        String tooShort = messages.getProperty(Problem.TOO_SHORT.messageKey());
        assertThat(new MessageFormat(tooShort).format(new Object[] {15})).contains("15");
        String tooLong = messages.getProperty(Problem.TOO_LONG.messageKey());
        assertThat(new MessageFormat(tooLong).format(new Object[] {256})).contains("256");
    }

    @Test
    void everyZxcvbnFeedbackKeyHasOneOfOurs() throws Exception {
        for (Field field : Feedback.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String zxcvbnKey = (String) field.get(null);
                assertThat(StrengthFeedback.fromZxcvbnKey(zxcvbnKey)).as(zxcvbnKey).isPresent();
            }
        }
    }

    private static Set<String> passwordKeys(Properties properties) {
        return properties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("password."))
                .collect(Collectors.toSet());
    }
}
